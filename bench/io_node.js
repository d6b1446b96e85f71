'use strict';
// Node side of bench/io.py: saves and loads the same two safetensors files as
// the Python side, then reads them with the reference pure-JS readers. Usage:
//   node --expose-gc bench/io_node.js '<json config>'
// Config: { root, dir, big_elems, spec: [[name, shape, dtype]], reps }
// Prints one JSON object on stdout.

const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const cfg = JSON.parse(process.argv[2] || '{}');
const mx = require(cfg.root || path.resolve(__dirname, '..'));

// The npm package `safetensors` (a devDependency; BENCH_SAFETENSORS_JS may name
// its dist/safetensors.umd.js where node_modules lacks it).
function npmSafetensors() {
  try {
    return require(process.env.BENCH_SAFETENSORS_JS || 'safetensors');
  } catch (e) {
    return null;
  }
}

function readFileAndHeader(file) {
  const bytes = fs.readFileSync(file);
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.toString('utf8', 8, 8 + n));
  return Object.keys(header).length;
}

function main() {
  mx.random.seed(0);
  const files = {
    big: { x: mx.random.uniform({ shape: [cfg.big_elems] }) },
    model: {},
  };
  for (const [name, shape, dt] of cfg.spec) files.model[name] = mx.random.uniform({ shape }).astype(mx[dt]);
  mx.eval(Object.values(files.big), Object.values(files.model));
  const st = npmSafetensors();
  const out = {};
  for (const [key, arrays] of Object.entries(files)) {
    const file = path.join(cfg.dir, `node_${key}.safetensors`);
    const save = [], load = [];
    for (let r = 0; r < cfg.reps * (key === 'model' ? 2 : 1); r++) {
      let t0 = performance.now();
      mx.saveSafetensors(file, arrays);
      save.push(performance.now() - t0);
      // Untimed, as on the Python side: its writeback is over before the next timing. (fsync, not a
      // spawned sync(1): forking this process write-protects its memory and slows the next load.)
      const fd = fs.openSync(file, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      t0 = performance.now();
      const loaded = mx.load(file);
      mx.eval(Object.values(loaded));
      load.push(performance.now() - t0);
      mx.dispose(loaded);  // freeing is outside the timing, as Python's del is
    }
    const ref = {};
    const plain = [];
    for (let r = 0; r < cfg.reps; r++) {
      const t0 = performance.now();
      readFileAndHeader(file);
      plain.push(performance.now() - t0);
    }
    ref['readFileSync+header'] = plain;
    if (!st) {
      ref['npm safetensors 0.0.1'] = 'not installed (npm i -D safetensors)';
    } else {
      const times = [];
      try {
        for (let r = 0; r < cfg.reps; r++) {
          const t0 = performance.now();
          const t = new st.SafeTensor(new Uint8Array(fs.readFileSync(file)));
          for (const name of Object.keys(arrays)) t.getTensor(name);
          times.push(performance.now() - t0);
        }
        ref['npm safetensors 0.0.1'] = times;
      } catch (e) {
        ref['npm safetensors 0.0.1'] = `fails: ${e.constructor.name}: ${e.message}`;
      }
    }
    out[key] = { save, load, bytes: fs.statSync(file).size, ref };
    fs.unlinkSync(file);
  }
  console.log(JSON.stringify(out));
}

main();
