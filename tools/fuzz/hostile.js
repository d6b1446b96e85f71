'use strict';
// Hostile values that need statements to build (the fuzzer's call expressions
// name them as H.xxx(...), so a printed repro runs with
// `const H = require('./tools/fuzz/hostile')`). Everything these throw is an
// Error whose message starts with 'fuzz:', or the SENTINEL object (a user
// callback throwing a non-Error value, which a call may pass on unchanged).

const SENTINEL = Object.freeze({ fuzzSentinel: true });

/** An array of the given length with no elements (holes). */
function sparse(n, first) {
  const a = [];
  a.length = n;
  if (first !== undefined) a[0] = first;
  return a;
}

/** [1, <hole>, 3]: a holey array. */
function holey() {
  const a = [1];
  a[2] = 3;
  return a;
}

/** A list that contains itself. */
function cyclicArr() {
  const a = [1];
  a.push(a);
  return a;
}

/** A list nested n deep: [[[...[1]...]]]. */
function deep(n, leaf = 1) {
  let a = [leaf];
  for (let i = 0; i < n; i++) a = [a];
  return a;
}

/** A plain object that refers to itself (a keyword object, a tree). */
function cyclicObj() {
  const o = { a: 1 };
  o.self = o;
  o.axis = o;
  return o;
}

/** A keyword-looking object whose every property read throws. */
function throwingGetter(names = ['axis', 'dtype', 'stream', 'shape', 'a', 'x', 'key', 'keepdims']) {
  const o = {};
  for (const n of names) Object.defineProperty(o, n, { enumerable: true, get() { throw new Error(`fuzz: getter ${n}`); } });
  return o;
}

/** A Proxy whose traps throw. */
function proxy(target = {}) {
  const boom = (what) => () => { throw new Error(`fuzz: proxy ${what}`); };
  return new Proxy(target, {
    get: boom('get'), has: boom('has'), ownKeys: boom('ownKeys'), getOwnPropertyDescriptor: boom('gopd'),
    getPrototypeOf: boom('getPrototypeOf'), apply: boom('apply'), construct: boom('construct'),
  });
}

/** A Proxy over an array that lies about its length. */
function lyingArray() {
  return new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 2 ** 20 : t[k]) });
}

/** A revoked Proxy: any operation on it throws a TypeError. */
function revoked() {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
}

/** An object whose conversions to a primitive throw. */
function badPrimitive() {
  return {
    [Symbol.toPrimitive]() { throw new Error('fuzz: toPrimitive'); },
    valueOf() { throw new Error('fuzz: valueOf'); },
    toString() { throw new Error('fuzz: toString'); },
  };
}

/** A typed array whose buffer has been transferred away (detached). */
function detached(Ctor = Float32Array, n = 4) {
  const t = new Ctor(n);
  structuredClone(t.buffer, { transfer: [t.buffer] });
  return t;
}

/** An array that has been disposed. */
function disposed(a) {
  a.dispose();
  return a;
}

/** An mx.array whose getters are replaced by throwing ones (own properties). */
function poisoned(a) {
  for (const n of ['shape', 'dtype', 'ndim', 'size']) Object.defineProperty(a, n, { get() { throw new Error(`fuzz: ${n}`); } });
  return a;
}

/** A callback that throws a non-Error value (passed on unchanged is fine). */
function throwsValue() {
  throw SENTINEL;
}

/** A callback that throws an Error. */
function throwsError() {
  throw new Error('fuzz: callback');
}

module.exports = {
  SENTINEL, sparse, holey, cyclicArr, deep, cyclicObj, throwingGetter, proxy, lyingArray, revoked, badPrimitive,
  detached, disposed, poisoned, throwsValue, throwsError,
};
