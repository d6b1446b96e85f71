// Generates src/ts/generated/api.ts: the TypeScript types of every op-table
// function and array method, from the same source as the binder (the native
// tables' signatures: parameter names, kinds, defaults) and the Python stubs'
// annotations (spec/mlx-api.json). One overload per positional prefix plus the
// keyword object, so `mx.sum(a, 1, true)`, `mx.sum(a, { axis: 1, keepdims: true })`
// and `mx.sum(a, 1, { keepdims: true })` type-check and a misspelt keyword fails.
//
// Also src/ts/generated/exports.ts, the named exports of the core functions.
//
//   node tools/gen_types.mjs           write the files
//   node tools/gen_types.mjs --check   exit 1 when they are stale (tests run this)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const native = require(path.join(root, 'build', 'Release', 'mlx_node.node'));
const spec = JSON.parse(readFileSync(path.join(root, 'spec', 'mlx-api.json'), 'utf8'));
const OUT = path.join(root, 'src', 'ts', 'generated', 'api.ts');

// Table functions whose public form is written in TypeScript (src/ts/context.ts,
// index.ts): they keep their hand-written types.
const TS_OWNED = new Set(['core.get_printoptions', 'core.set_printoptions', 'core.get_array_buffer_size', 'random.state',
  // src/ts/io.ts: file/bytes handling and trees around the natives
  'core.load', 'core.save', 'core.save_safetensors', 'core.save_gguf', 'core.export_to_dot', 'core.export_function',
  'core.import_function', 'core.exporter']);
const RESERVED = new Set(['var', 'delete', 'new', 'in', 'do', 'if', 'for', 'default', 'function', 'class']);
const MODULES = {
  core: 'mlx.core', random: 'mlx.core.random', linalg: 'mlx.core.linalg', fft: 'mlx.core.fft',
  fast: 'mlx.core.fast', cuda: 'mlx.core.cuda', metal: 'mlx.core.metal',
};
const DOCS = 'https://ml-explore.github.io/mlx/build/html/python/_autosummary';
// Where the stubs carry no annotation (parameter `module.name.param`, or the
// return value `module.name.return`).
const OVERRIDES = {
  'core.std.correction': 'number | null',
  'core.var.correction': 'number | null',
  'core.einsum_path.operands': 'MxArray',
  'core.einsum_path.return': '[number[][], string]',
};
// Overloads a TypeScript module adds to a table function (src/ts/indexing.ts:
// mx.slice also makes Python's slice objects).
const EXTRA_OVERLOADS = {
  'core.slice': ['(start?: number | null, stop?: number | null, step?: number | null): Slice'],
};

// ---- Python annotation -> TypeScript ---------------------------------------

function splitTop(s, sep) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function generic(s) {
  const m = /^([\w.]+)\[(.*)\]$/.exec(s);
  return m ? [m[1], splitTop(m[2], ',')] : null;
}

function atom(a) {
  a = a.replace(/^mlx\.core\./, '');
  const g = generic(a);
  if (g) {
    const [head, args] = g;
    if (head === 'Literal') return args.join(' | ');
    if (head === 'Annotated') return 'ArrayBufferView';
    if (head === 'Optional') return `${ts(args[0])} | null`;
    if (head === 'Union') return args.map(ts).join(' | ');
    if (head === 'Sequence' || head === 'list') return `readonly ${wrap(ts(args[0]))}[]`;
    if (head === 'tuple') {
      if (args.length === 2 && args[1] === '...') return `readonly ${wrap(ts(args[0]))}[]`;
      return `readonly [${args.map(ts).join(', ')}]`;
    }
    if (head === 'dict') return `Record<string, ${ts(args[1])}>`;
    if (head === 'Callable') return '(...args: any[]) => any';
    return 'unknown';
  }
  switch (a) {
    case 'array': return 'MxArray';
    case 'scalar': return 'Scalar';
    case 'int': return 'number';
    case 'float': return 'number';
    case 'bool': return 'boolean';
    case 'complex': return 'Complex';
    case 'str': return 'string';
    case 'None': return 'null';
    case 'Dtype': return 'Dtype';
    case 'DtypeCategory': return 'DtypeCategory';
    case 'Device': return 'Device';
    case 'DeviceType': return 'DeviceType';
    case 'Stream': return 'Stream';
    case 'ThreadLocalStream': return 'ThreadLocalStream';
    case 'StreamOrDevice': return 'StreamOrDevice';
    case 'ArrayLike': return 'ArrayInput';
    case 'NDArray': return 'ArrayBufferView';
    case 'Sequence': case 'list': case 'tuple': return 'readonly unknown[]';
    case 'dict': return 'Record<string, unknown>';
    case 'Callable': return '(...args: any[]) => any';
    default: return 'unknown';
  }
}

function ts(annotation) {
  if (annotation == null) return 'unknown';
  const parts = [...new Set(splitTop(annotation, '|').map(atom))];
  if (parts.includes('unknown')) return 'unknown';
  // `null | undefined` both mean None (docs/python-to-js.md)
  return parts.map((p) => (p.includes('=>') ? `(${p})` : p)).join(' | ');
}

function returnType(op, annotation) {
  const o = OVERRIDES[`${op.module}.${op.name}.return`];
  if (o) return o;
  if (op.returns === 'device') return 'Device';
  if (op.returns === 'stream') return annotation && annotation.includes('ThreadLocalStream') ? 'ThreadLocalStream' : 'Stream';
  if (annotation == null) return op.returns === 'array' ? 'MxArray' : op.returns === 'list' ? 'MxArray[]' : 'unknown';
  const r = ret(annotation);
  if (op.returns === 'list' && !r.includes('[')) return 'MxArray[]';  // the stub says `array` (mx.split)
  return r === 'null' ? 'void' : r;
}

// A returned Python tuple is a JS array (mutable: the caller owns it).
function ret(annotation) {
  return splitTop(annotation, '|')
    .map((a) => {
      a = a.replace(/^mlx\.core\./, '');
      const g = generic(a);
      if (g && (g[0] === 'tuple' || g[0] === 'list')) {
        if (g[1].length === 2 && g[1][1] === '...') return `${wrap(ret(g[1][0]))}[]`;
        if (g[0] === 'list') return `${wrap(ret(g[1][0]))}[]`;
        return `[${g[1].map(ret).join(', ')}]`;
      }
      if (a === 'tuple') return 'unknown[]';
      if (a === 'object' || a === 'Any') return 'unknown';
      return atom(a).replace(/^readonly /, '');
    })
    .join(' | ');
}
const wrap = (t) => (/[|& ]/.test(t) ? `(${t})` : t);

// ---- signatures --------------------------------------------------------------

function specFunction(module, name) {
  return spec.modules[MODULES[module]]?.functions?.[name];
}
function specMethod(name) {
  return spec.modules['mlx.core'].classes.array.methods[name];
}

function annotationOf(fnSpec, param) {
  for (const o of fnSpec?.overloads ?? []) for (const p of o.params) if (p.name === param) return p.annotation;
  return undefined;
}

// Parameters whose default is None (they also take null/undefined).
function noneDefaults(signature) {
  return new Set(splitTop(signature, ',').filter((x) => /=\s*None$/.test(x)).map((x) => x.split('=')[0].trim()));
}

function paramType(p, op, ...specs) {
  if (p.name === 'stream') return 'StreamOrDevice';
  const o = OVERRIDES[`${op.module}.${op.name}.${p.name}`];
  if (o) return o;
  let a;
  for (const s of specs) if ((a = annotationOf(s, p.name)) !== undefined) break;
  let t = ts(a);
  if (t === 'unknown' && p.intList) t = p.kind === 'var_positional' ? 'number' : 'number | readonly number[]';
  const parts = t.split(' | ');
  if (noneDefaults(op.signature).has(p.name) && !parts.includes('null') && t !== 'unknown') t += ' | null';
  else if (!noneDefaults(op.signature).has(p.name) && parts.includes('null') && parts.length > 1 && !p.required &&
           !/None/.test(String(a))) t = parts.filter((x) => x !== 'null').join(' | ');
  return t;
}

function kwType(params, types) {
  if (params.length === 0) return null;
  const fields = params.map((p) => `${/^[A-Za-z_$][\w$]*$/.test(p.jsName) ? p.jsName : JSON.stringify(p.jsName)}${p.required ? '' : '?'}: ${types.get(p)}`);
  return `{ ${fields.join('; ')} }`;
}

// Overloads for one table signature; `drop` leading params (self / the array of a method).
function overloads(op, specs, returns, drop) {
  const params = op.params.slice(drop);
  const types = new Map(params.map((p) => [p, paramType(p, op, ...specs)]));
  const variadic = params.find((p) => p.kind === 'var_positional');
  const positional = params.filter((p) => p.kind === 'positional_only' || p.kind === 'positional_or_keyword');
  const keywordable = params.filter((p) => p.kind === 'positional_or_keyword' || p.kind === 'keyword_only');
  const out = [];
  if (variadic) {
    const elem = types.get(variadic).replace(/ \| null$/, '');
    const lead = positional.filter((p) => params.indexOf(p) < params.indexOf(variadic));
    const head = lead.map((p) => `${safe(p.jsName)}: ${types.get(p)}`);
    const kw = kwType(keywordable.filter((p) => params.indexOf(p) > params.indexOf(variadic)), types);
    out.push(`(${[...head, `...${safe(variadic.jsName)}: (${elem})[]`].join(', ')}): ${returns}`);
    if (kw) {
      const tuple = `[${[...lead.map((p) => `${p.jsName}: ${types.get(p)}`), `...${variadic.jsName}: (${elem})[]`, `kw: ${kw}`].join(', ')}]`;
      out.push(`(...args: ${tuple}): ${returns}`);
      if (drop > 0 && lead.length === 0) out.push(`(${safe(variadic.jsName)}: readonly (${elem})[], kw?: ${kw}): ${returns}`);
    }
    return out;
  }
  // The first `need` positional-only parameters can only be given positionally.
  let need = 0;
  positional.forEach((p, i) => {
    if (p.kind === 'positional_only' && p.required) need = i + 1;
  });
  for (let k = need; k <= positional.length; k++) {
    const given = positional.slice(0, k);
    const args = given.map((p) => `${safe(p.jsName)}${p.required ? '' : '?'}: ${types.get(p)}`);
    // optional positional parameters before a required one would not be legal TS
    for (let i = 0; i < args.length; i++) if (given.slice(i).some((p) => p.required)) args[i] = args[i].replace('?:', ':');
    const rest = keywordable.filter((p) => !given.includes(p));
    const kw = kwType(rest, types);
    const kwRequired = rest.some((p) => p.required);
    if (kw) args.push(`kw${kwRequired ? '' : '?'}: ${kw}`);
    // A trailing required positional given by keyword only when the prefix stops before it.
    out.push(`(${args.join(', ')}): ${returns}`);
  }
  return out;
}

const safe = (n) => (RESERVED.has(n) ? `${n}_` : n);

function doc(qualified) {
  return `[Python: ${qualified}](${DOCS}/${qualified}.html)`;
}

function callable(lines, indent) {
  if (lines.length === 1) return lines[0].replace(/^\((.*)\): (.*)$/s, '($1) => $2');
  return `{\n${lines.map((l) => `${indent}  ${l};`).join('\n')}\n${indent}}`;
}

// ---- emit --------------------------------------------------------------------

const out = [];
out.push('// Generated by tools/gen_types.mjs from the op tables and spec/mlx-api.json; do not edit.');
out.push('// Regenerate with `npm run types` after changing a table.');
out.push('/* eslint-disable */');
out.push("import type { MxArray, Scalar, Complex, ArrayInput } from '../array';");
out.push("import type { Dtype, DtypeCategory } from '../dtype';");
out.push("import type { Device, DeviceType, Stream, ThreadLocalStream, StreamOrDevice } from '../device';");
out.push("import type { Slice } from '../indexing';");
out.push('');
out.push('/** An mx.array or a JS scalar (number, boolean, bigint, { re, im }). */');
out.push('type Operand = MxArray | Scalar;');
out.push('');

const tables = native.tables;
for (const [module, ops] of Object.entries(tables)) for (const op of ops) op.module = module;
const interfaceName = (m) => `${m[0].toUpperCase()}${m.slice(1)}Functions`;
const exported = {};
for (const module of Object.keys(MODULES)) {
  const ops = (tables[module] ?? []).filter((op) => op.function && !TS_OWNED.has(`${module}.${op.name}`));
  exported[module] = ops.map((op) => op.jsName);
  out.push(`/** The functions of \`${MODULES[module]}\` bound through the op tables. */`);
  out.push(`export interface ${interfaceName(module)} {`);
  for (const op of ops) {
    const fnSpec = specFunction(module, op.name);
    const retAnn = fnSpec?.overloads?.[0]?.returns;
    const r = returnType(op, retAnn);
    out.push(`  /** ${doc(`${MODULES[module]}.${op.name}`)} */`);
    const lines = [...overloads(op, [fnSpec], r, 0), ...(EXTRA_OVERLOADS[`${module}.${op.name}`] ?? [])];
    out.push(`  ${safeKey(op.jsName)}: ${callable(lines, '  ')};`);
  }
  out.push('}');
  out.push('');
}
function safeKey(n) {
  return /^[A-Za-z_$][\w$]*$/.test(n) ? n : JSON.stringify(n);
}

// Array methods: method-only entries (array table, `self` first) and shared ops (kMethod).
const methods = new Map();
for (const [module, ops] of Object.entries(tables)) {
  if (module === 'array') continue;
  for (const op of ops) if (op.method) methods.set(op.jsName, { op, drop: 1, module });
}
for (const op of tables.array ?? []) methods.set(op.jsName, { op, drop: 1, module: 'array' });
out.push('/** The methods of `mx.array` bound through the op tables. */');
out.push('export interface ArrayMethods {');
for (const [jsName, { op, drop, module }] of [...methods].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const mSpec = specMethod(op.name);
  const fnSpec = module === 'array' ? undefined : specFunction(module, op.name);
  const retAnn = mSpec?.overloads?.[0]?.returns ?? fnSpec?.overloads?.[0]?.returns;
  const r = returnType(op, retAnn);
  out.push(`  /** ${doc(`mlx.core.array.${op.name}`)} */`);
  const lines = overloads(op, [mSpec, fnSpec], r, drop);
  if (lines.length === 1) out.push(`  ${safeKey(jsName)}${lines[0]};`);
  else for (const l of lines) out.push(`  ${safeKey(jsName)}${l};`);
}
out.push('}');
out.push('');
out.push('/** Names of each module\'s generated functions (index.ts re-exports the core ones). */');
out.push(`export const GENERATED_NAMES = ${JSON.stringify(exported)} as const;`);
out.push('');

const text = out.join('\n');
const exportsText = [
  '// Generated by tools/gen_types.mjs: the named exports of the core functions; do not edit.',
  "import { tableFunctions } from '../ops';",
  "import type { CoreFunctions } from './api';",
  '',
  'const core = tableFunctions.core as unknown as CoreFunctions;',
  `export const {\n${wrapNames(exported.core.filter((n) => !RESERVED.has(n)))}\n} = core;`,
  '',
].join('\n');
function wrapNames(names) {
  const lines = [];
  let cur = ' ';
  for (const n of names) {
    if (cur.length + n.length > 110) {
      lines.push(cur);
      cur = ' ';
    }
    cur += ` ${n},`;
  }
  lines.push(cur);
  return lines.join('\n');
}
const EXPORTS_OUT = path.join(root, 'src', 'ts', 'generated', 'exports.ts');
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {}
  let currentExports = '';
  try {
    currentExports = readFileSync(EXPORTS_OUT, 'utf8');
  } catch {}
  if (current !== text || currentExports !== exportsText) {
    console.error('src/ts/generated/ is stale: run `npm run types`');
    process.exit(1);
  }
} else {
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  writeFileSync(EXPORTS_OUT, exportsText);
  console.log(`[gen_types] ${path.relative(root, OUT)}: ${Object.values(exported).flat().length} functions, ${methods.size} methods`);
}
