'use strict';
// Node side of bench/io.py: a worker that serves the driver's commands, one
// JSON line each on stdin, one JSON line back on stdout (the Python worker
// takes turns with it): {"op": "pair", "key"} saves then loads that file;
// {"op": "ref"} reads both files with the reference pure-JS readers. Usage:
//   node --expose-gc bench/io_node.js '<json config>'
// Config: { root, dir, big_elems, spec: [[name, shape, dtype]], reps }

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

function pair(file, arrays) {
  let t0 = performance.now();
  mx.saveSafetensors(file, arrays);
  const save = performance.now() - t0;
  // Untimed, as on the Python side: its writeback is over before the next timing. (fsync, not a
  // spawned sync(1): forking this process write-protects its memory and slows the next load.)
  const fd = fs.openSync(file, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const f0 = process.resourceUsage().minorPageFault;
  t0 = performance.now();
  const loaded = mx.load(file);
  mx.eval(Object.values(loaded));
  const load = performance.now() - t0;
  const faults = process.resourceUsage().minorPageFault - f0;
  mx.dispose(loaded); // freeing is outside the timing, as Python's del is
  return { save, load, load_faults: faults, bytes: fs.statSync(file).size };
}

function refs(file, arrays, st) {
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
  return ref;
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
  const fileOf = (key) => path.join(cfg.dir, `node_${key}.safetensors`);
  const send = (x) => fs.writeSync(1, JSON.stringify(x) + '\n');
  send({ ready: true });
  // Synchronous line reads from stdin: nothing else runs in this process between turns.
  let buf = '';
  const chunk = Buffer.alloc(65536);
  for (;;) {
    let nl;
    while ((nl = buf.indexOf('\n')) < 0) {
      let n;
      try {
        n = fs.readSync(0, chunk, 0, chunk.length, null);
      } catch (e) {
        if (e.code === 'EAGAIN') continue;
        throw e;
      }
      if (n === 0) return;
      buf += chunk.toString('utf8', 0, n);
    }
    const cmd = JSON.parse(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    if (cmd.op === 'quit') break;
    if (cmd.op === 'pair') send(pair(fileOf(cmd.key), files[cmd.key]));
    else if (cmd.op === 'ref') {
      const out = {};
      for (const [key, arrays] of Object.entries(files)) {
        const file = fileOf(key);
        if (!fs.existsSync(file)) pair(file, arrays);
        out[key] = refs(file, arrays, st);
      }
      send(out);
    }
  }
  for (const key of Object.keys(files)) fs.rmSync(fileOf(key), { force: true });
  send({ done: true });
}

main();
