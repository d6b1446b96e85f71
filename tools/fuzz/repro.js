'use strict';
// Prints and runs one fuzz call: node tools/fuzz/repro.js SEED INDEX [--from START] [--print]
// With --from, the calls START..INDEX of the same child are replayed as the
// child ran them, for a failure that needs the state they leave. --print only prints.
/* eslint-disable no-new-func */
const path = require('node:path');
const mx = require(path.resolve(__dirname, '..', '..'));
const H = require('./hostile');
const { enumerate, makeCall } = require('./gen');

process.noDeprecation = true;
const argv = process.argv.slice(2);
const seed = Number(argv[0]);
const index = Number(argv[1]);
const fi = argv.indexOf('--from');
const from = fi >= 0 ? Number(argv[fi + 1]) : index;
const world = enumerate(mx, H);

function run(i, loud) {
  const c = makeCall(world, seed, i);
  if (loud) {
    console.log(`// ${c.target} (seed ${seed}, index ${i})`);
    console.log(`const mx = require('mlx-node'), H = require('./tools/fuzz/hostile');`);
    console.log(`${c.expr};`);
    console.log(`// follow-up arguments (when the result is a function or has methods): ${c.followArgs}`);
  }
  if (argv.includes('--print')) return;
  let r;
  try {
    r = new Function('mx', 'H', c.code)(mx, H);
  } catch (e) {
    if (loud) console.log('threw:', e instanceof Error ? `${e.constructor.name}: ${e.message}` : e);
    return;
  }
  const arrays = [];
  const walk = (v, d) => {
    if (v instanceof mx.array) arrays.push(v);
    else if (Array.isArray(v) && d < 3) v.slice(0, 64).forEach((x) => walk(x, d + 1));
  };
  walk(r, 0);
  try {
    mx.eval(arrays.filter((a) => !a.disposed && a.nbytes <= 256 * 2 ** 20));
    if (loud) console.log('returned:', typeof r === 'object' && r !== null ? String(r).slice(0, 300) : r);
  } catch (e) {
    if (loud) console.log('eval threw:', e instanceof Error ? `${e.constructor.name}: ${e.message}` : e);
  }
  if (typeof r === 'function' && loud) {
    const args = new Function('mx', 'H', `return ${c.followArgs};`)(mx, H);
    try {
      console.log('follow-up returned:', String(r(...args)).slice(0, 300));
    } catch (e) {
      console.log('follow-up threw:', e instanceof Error ? `${e.constructor.name}: ${e.message}` : e);
    }
  }
}

if (from < index) {
  // Replays the child's calls from..index exactly as the fuzz child ran them
  // (results evaluated, printed and followed up), then reports.
  const c = makeCall(world, seed, index);
  console.log(`// ${c.target} (seed ${seed}, index ${index}, after the calls from ${from})`);
  console.log(`${c.expr};`);
  const child = require('./child');
  child.setQuiet(true);
  child.runRange(seed, from, index + 1, () => console.log('// replay done: no crash (findings, if any, are the F lines above)'));
} else {
  run(index, true);
}
