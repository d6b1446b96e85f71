'use strict';
// One fuzz child: runs the calls [from, to) of a seed and reports on stdout,
// one line each, written synchronously (so the parent knows which call was
// running when the process died):
//   T <n>              the number of entry points
//   S <index> <name>   the call starts (its entry point)
//   F <json>           a finding (a non-Error throw, an empty message, ...)
//   D <json>           done, with counts
// Usage: node tools/fuzz/child.js SEED FROM TO
// Its working directory should be a scratch directory (file-taking entry
// points write there).
/* eslint-disable no-new-func */
const fs = require('node:fs');
const path = require('node:path');
const mx = require(path.resolve(__dirname, '..', '..'));
const H = require('./hostile');
const { enumerate, makeCall } = require('./gen');

process.noDeprecation = true;
const EVAL_LIMIT = 256 * 2 ** 20;  // results above this are built but not evaluated (no legitimate huge allocation)

let quiet = false;  // the repro's replay: findings only

// stdout is a non-blocking pipe: a full pipe answers EAGAIN, retried.
function out(line) {
  if (quiet && !line.startsWith('F ')) return;
  const buf = Buffer.from(line + '\n');
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

/** Whether a thrown value is acceptable: an Error with a message, or the sentinel a callback threw. */
function badThrow(e) {
  if (e === H.SENTINEL) return null;
  let isError;
  try {
    isError = e instanceof Error;
  } catch {
    return 'threw a value whose prototype cannot be read (a hostile Proxy passed on?)';
  }
  if (!isError) return `threw a non-Error: ${describe(e)}`;
  let msg;
  try { msg = e.message; } catch { return 'threw an Error whose message getter throws'; }
  if (typeof msg !== 'string' || msg.length === 0) return `threw ${e.constructor && e.constructor.name} with an empty message`;
  return null;
}

function describe(v) {
  try {
    if (typeof v === 'symbol') return v.toString();
    if (typeof v === 'bigint') return `${v}n`;
    if (v === null || typeof v !== 'object') return `${typeof v} ${String(v)}`.slice(0, 200);
    return `object ${Object.prototype.toString.call(v)} ${JSON.stringify(v)}`.slice(0, 200);
  } catch {
    return 'an unprintable value';
  }
}

/** The mx.arrays in a result (a small tree). */
function collect(v, acc, depth, seen) {
  if (depth > 4 || acc.length > 64 || v === null || typeof v !== 'object') return acc;
  if (seen.has(v)) return acc;
  seen.add(v);
  if (v instanceof mx.array) {
    acc.push(v);
    return acc;
  }
  if (ArrayBuffer.isView(v) || v instanceof Promise) return acc;
  if (Array.isArray(v)) {
    for (let i = 0; i < Math.min(v.length, 64); i++) collect(v[i], acc, depth + 1, seen);
  } else if (Object.getPrototypeOf(v) === Object.prototype) {
    for (const k of Object.keys(v).slice(0, 64)) collect(v[k], acc, depth + 1, seen);
  }
  return acc;
}

/** The second call on a result: a returned function is called, an object with methods gets one called. */
function followUp(call, v) {
  if (typeof v === 'function') return (args) => v(...args);
  if (v && typeof v === 'object' && !(v instanceof mx.array) && !Array.isArray(v) && !(v instanceof Promise)) {
    const names = [];
    for (let o = v; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      for (const k of Object.getOwnPropertyNames(o)) {
        if (k === 'constructor' || k === 'throw') continue;  // an iterator's throw(x) throws x by contract
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (d && typeof d.value === 'function') names.push(k);
      }
    }
    names.sort();
    if (names.length) {
      const m = names[Math.floor(call.followPick * names.length)];
      call.expr += `  /* then */ .${m}(${call.followArgs.slice(1, -1)})`;
      return (args) => v[m](...args);
    }
  }
  return undefined;
}

/** Runs calls [from, to) of `seed`, reporting through `out` (the repro's replay passes a quiet one). */
function runRange(seed, from, to, done = () => {}) {
  const world = enumerate(mx, H);
  const counts = { calls: 0, returned: 0, threw: 0, evaluated: 0, notEvaluated: 0, follow: 0 };
  const pending = [];
  const report = (index, what, call, detail) =>
    out('F ' + JSON.stringify({ index, what, target: call.target, expr: call.expr, detail }));

  // A value check: throws are fine if they are proper Errors.
  const guarded = (index, call, stage, fn, passedIn = []) => {
    try {
      return { ok: true, value: fn() };
    } catch (e) {
      const bad = passedIn.includes(e) ? null : badThrow(e);  // an iterator's throw(x) throws x
      if (bad) report(index, `${stage}: ${bad}`, call);
      return { ok: false };
    }
  };
  const watchPromise = (index, call, p) => {
    pending.push(Promise.resolve(p).then(() => {}, (e) => {
      const bad = badThrow(e);
      if (bad) report(index, `promise rejected: ${bad}`, call);
    }));
  };

  // Reading a result can run the vocabulary's own hostile code (a returned
  // Proxy, an object with throwing getters): such Errors are not findings.
  const settle = (index, call, r, stage) => {
    try {
      settleUnsafe(index, call, r, stage);
    } catch (e) {
      const bad = badThrow(e);
      if (bad) report(index, `${stage} read: ${bad}`, call);
    }
  };
  const settleUnsafe = (index, call, r, stage) => {
    if (r && typeof r.then === 'function') {
      watchPromise(index, call, r);
      return;
    }
    const arrays = collect(r, [], 0, new Set()).filter((a) => !a.disposed);
    if (arrays.length === 0) return;
    let bytes = 0;
    for (const a of arrays) bytes += a.nbytes;
    if (bytes > EVAL_LIMIT) {
      counts.notEvaluated++;
      return;
    }
    counts.evaluated++;
    const ev = guarded(index, call, `${stage} eval`, () => mx.eval(arrays));
    if (ev.ok && call.followPick < 0.15) {
      // data reads: the printer and the list/typed-array readers
      for (const a of arrays.slice(0, 2)) {
        if (a.size > 4096) continue;
        guarded(index, call, `${stage} toString`, () => String(a));
        guarded(index, call, `${stage} tolist`, () => a.tolist());
      }
    }
  };

  out(`T ${world.targets.length}`);
  for (let index = from; index < to; index++) {
    const call = makeCall(world, seed, index);
    out(`S ${index} ${call.target}`);
    counts.calls++;
    let fn;
    try {
      fn = new Function('mx', 'H', call.code);
    } catch (e) {
      report(index, `generator produced invalid code: ${e.message}`, call);
      continue;
    }
    const r = guarded(index, call, 'call', () => fn(mx, H));
    if (!r.ok) {
      counts.threw++;
      continue;
    }
    counts.returned++;
    settle(index, call, r.value, 'result');
    // A returned function (grad, compile, vmap, ...) is called; an object with
    // methods gets one of them called.
    const v = r.value;
    let follow;
    try {
      follow = followUp(call, v);
    } catch (e) {
      const bad = badThrow(e);
      if (bad) report(index, `follow-up lookup: ${bad}`, call);
    }
    if (follow) {
      counts.follow++;
      const args = guarded(index, call, 'follow-up arguments', () => new Function('mx', 'H', `return ${call.followArgs};`)(mx, H));
      if (args.ok) {
        const fr = guarded(index, call, 'follow-up call', () => follow(args.value), args.value);
        if (fr.ok) settle(index, call, fr.value, 'follow-up');
      }
    }
  }
  const timer = setTimeout(() => {
    out('F ' + JSON.stringify({ index: to - 1, what: 'pending promises did not settle in 20 s', target: '', expr: '' }));
    out('D ' + JSON.stringify(counts));
    process.exit(0);
  }, 20000);
  Promise.all(pending).then(() => {
    clearTimeout(timer);
    out('D ' + JSON.stringify(counts));
    done();
  });
}

function main() {
  if (process.argv[2] === 'describe') {
    // node child.js describe SEED INDEX: the call's target and text, as JSON
    const c = makeCall(enumerate(mx, H), Number(process.argv[3]), Number(process.argv[4]));
    out(JSON.stringify({ target: c.target, expr: c.expr }));
    return;
  }
  const [seed, from, to] = process.argv.slice(2).map(Number);
  runRange(seed, from, to);
}

// A throw outside any call (an unhandled rejection of a promise we did not
// see, an exception from a finalizer) is a finding too.
if (require.main === module) process.on('uncaughtException', (e) => {
  out('F ' + JSON.stringify({ index: -1, what: `uncaught exception: ${badThrow(e) || (e && e.message)}` }));
});
if (require.main === module) process.on('unhandledRejection', (e) => {
  const bad = badThrow(e);
  if (bad) out('F ' + JSON.stringify({ index: -1, what: `unhandled rejection: ${bad}` }));
});
module.exports = { runRange, setQuiet: (q) => { quiet = q; } };
if (require.main === module) main();
