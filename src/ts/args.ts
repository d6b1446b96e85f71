// The argument rules of docs/python-to-js.md, the parts shared by the op binder
// (binder.ts) and the functions written in TypeScript.

/** A trailing plain object (prototype Object.prototype or null) holds keyword arguments. */
export function isKwargs(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const p = Object.getPrototypeOf(x);
  return (p === Object.prototype || p === null || isForeignObjectPrototype(p)) && !isComplex(x);
}

// A plain object made in another realm (vm context, iframe) has that realm's Object.prototype.
function isForeignObjectPrototype(p: object): boolean {
  return Object.getPrototypeOf(p) === null && typeof (p as { constructor?: unknown }).constructor === 'function' &&
    (p as { constructor: { name: string } }).constructor.name === 'Object';
}

/** A complex scalar `{ re, im }` (exactly those two number keys): never a keyword object. */
export function isComplex(x: object): boolean {
  const o = x as { re?: unknown; im?: unknown };
  if (typeof o.re !== 'number' || typeof o.im !== 'number') return false;
  const keys = Object.keys(x);
  return keys.length === 2;
}

export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/**
 * The same rules for functions written in TypeScript: `names` are Python's
 * parameters (camelCase), all positional-or-keyword, the first `required`
 * of them required. Returns the values in parameter order.
 */
export function bindArgs(
  label: string,
  names: readonly string[],
  required: number,
  args: readonly unknown[],
  positionalOnly = 0, // the first `positionalOnly` names cannot be given by keyword (Python's `/`)
): unknown[] {
  let n = args.length;
  let kw: Record<string, unknown> | undefined;
  if (n > 0 && isKwargs(args[n - 1])) kw = args[--n] as Record<string, unknown>;
  if (n > names.length)
    throw new TypeError(`${label}: takes at most ${names.length} positional argument${names.length === 1 ? '' : 's'} (${n} given)`);
  const out = args.slice(0, n);
  for (const key of Object.keys(kw ?? {})) {
    const i = names.indexOf(key);
    if (i >= 0 && i < positionalOnly)
      throw new TypeError(`${label}: '${key}' is positional-only and cannot be passed by keyword`);
    if (i < 0) {
      const near = names.find((p) => editDistance(p, key) <= 2 || p.toLowerCase() === key.replace(/_/g, '').toLowerCase());
      throw new TypeError(`${label}: unknown keyword argument '${key}'${near ? ` (did you mean '${near}'?)` : ''}`);
    }
    if (i < n && out[i] !== undefined) throw new TypeError(`${label}: got multiple values for argument '${key}'`);
    while (out.length <= i) out.push(undefined);
    out[i] = kw![key];
  }
  for (let i = 0; i < required; i++)
    if (out[i] === undefined) throw new TypeError(`${label}: missing required argument '${names[i]}'`);
  return out;
}

