'use strict';
// The Node side's timing helpers, shared by the benchmark drivers (the Python
// side's are in benchlib.py; stats() returns the same { best, median, all }).

const nowNs = () => process.hrtime.bigint();
// Between repeats only, so garbage from one repeat is not billed to the next.
const gc = typeof global.gc === 'function' ? global.gc : () => {};
// One turn of the event loop (deferred finalizers get to run).
const turn = () => new Promise((resolve) => setImmediate(resolve));

function stats(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return { best: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, all: xs };
}

module.exports = { nowNs, gc, turn, stats };
