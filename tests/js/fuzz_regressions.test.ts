// Inputs that killed (or hung) the process, found by the fuzzer (tools/fuzz)
// or listed in the reliability issue. Each runs in a child process, which
// must survive them all: every call returns or throws an Error with a message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

// [what, JS body over mx and H (tools/fuzz/hostile.js), times to repeat (for nondeterministic ones)]
const CASES: Array<[string, string, number?]> = [
  // SIGFPE: MLX's LAPACK kernels divide by the matrix size (seed 2 index 5102, seed 3 index 13003, ...)
  ...['inv', 'lu', 'luFactor', 'triInv', 'choleskyInv'].flatMap((f): Array<[string, string]> => [
    [`linalg.${f} of 0x0`, `mx.eval(mx.linalg.${f}(mx.ones([0, 0]), { stream: mx.cpu }))`],
    [`linalg.${f} of a batch of 0x0`, `mx.eval(mx.linalg.${f}(mx.ones([2, 0, 0]), { stream: mx.cpu }))`],
    [`linalg.${f} of an empty batch`, `mx.eval(mx.linalg.${f}(mx.ones([0, 3, 3]), { stream: mx.cpu }))`],
  ]),
  ['linalg.lu of 2x0 (seed 3 index 30582)', 'mx.eval(mx.linalg.lu(mx.zeros([2, 0]), { stream: mx.cpu }))'],
  ['linalg.lu of 0x2', 'mx.eval(mx.linalg.lu(mx.zeros([0, 2]), { stream: mx.cpu }))'],
  ['linalg.luFactor of 0x2 (seed 3 index 15114)', 'mx.eval(mx.linalg.luFactor(mx.zeros([0, 2]), { stream: mx.cpu }))'],
  ['linalg.solve of 0x0', 'mx.eval(mx.linalg.solve(mx.ones([0, 0]), mx.ones([0]), { stream: mx.cpu }))'],
  ['linalg.solve of a batch of 0x0 (seed 3 index 32264)', 'mx.eval(mx.linalg.solve(mx.ones([2, 0, 0]), mx.ones([2, 0, 0]), { stream: mx.cpu }))'],
  ['linalg.solve with an empty right side', 'mx.eval(mx.linalg.solve(mx.eye(3), mx.ones([3, 0]), { stream: mx.cpu }))'],
  ['linalg.solveTriangular of 0x0', 'mx.eval(mx.linalg.solveTriangular(mx.ones([0, 0]), mx.ones([0]), { stream: mx.cpu }))'],
  // abort: geev's double free on infinities (seed 3 index 37000)
  ['linalg.eig of Infinity', 'mx.eval(mx.linalg.eig(mx.full([2, 2], Infinity), { stream: mx.cpu }))'],
  ['linalg.eig of -Infinity', 'mx.eval(mx.linalg.eig(mx.full([3, 3], -Infinity), { stream: mx.cpu }))'],
  ['linalg.eigvals of one infinity', 'mx.eval(mx.linalg.eigvals(mx.array([[1, Infinity], [0, 1]]), { stream: mx.cpu }))'],
  ['linalg.eigvals of Infinity under vmap', 'mx.eval(mx.vmap((x) => mx.linalg.eigvals(x, { stream: mx.cpu }))(mx.full([2, 2, 2], Infinity)))'],
  // hang / crash at random: a reduction over an empty non-contiguous input (seed 3 index 48162)
  ['trace of an empty batch', 'mx.eval(mx.trace(mx.ones([2, 0, 2])))', 40],
  ['sum over an empty axis of a transposed view', 'mx.eval(mx.sum(mx.zeros([2, 0]).T, 0))', 40],
  ['prod/all/any/logsumexp/var over an empty axis of a view',
    'for (const f of ["prod", "all", "any", "logsumexp", "var", "std", "mean", "countNonzero", "minmax"]) mx.eval(mx[f](mx.zeros([3, 0]).T, 0))', 10],
  // V8 fatal error: a JS list of 2**31 - 1 empty lists (seed 3 index 21017)
  ['tolist of a [2**31 - 1, 0] view', 'mx.broadcastTo(mx.array(1), [0, 2147483647]).mT.tolist()'],
  // stack overflow / minutes (the issue's list)
  ['a cyclic list', 'const a = [1]; a.push(a); mx.array(a)'],
  ['a list nested 100,000 deep', 'mx.array(H.deep(100000))'],
  ['a sparse list of length 2**32 - 1', 'mx.array(H.sparse(2 ** 32 - 1))'],
  ['a sparse list of length 2**31 with one element', 'mx.array(H.sparse(2 ** 31, 1))'],
  ['a sparse list as an index (seed 1 index 2592)', 'mx.arange(6).index(H.sparse(2 ** 31, 1))'],
  ['a sparse list to at() (seed 3 index 25362)', 'mx.arange(6).at(H.sparse(2 ** 32 - 1)).add(1)'],
  ['mx.eval of a sparse list (seed 3 index 50935)', 'mx.eval(H.sparse(2 ** 31, 1), new Map([[1, 2]]))'],
  ['mx.dispose of a sparse list', 'mx.dispose(H.sparse(2 ** 32 - 1))'],
  // SIGFPE: integer minimum divided by -1
  ['int32 floorDivide MIN / -1', 'mx.eval(mx.floorDivide(mx.array([-2147483648], mx.int32), -1))'],
  ['int32 remainder MIN % -1', 'mx.eval(mx.remainder(mx.array([-2147483648], mx.int32), mx.array(-1, mx.int32)))'],
  ['int64 floorDivide MIN / -1', 'mx.eval(mx.floorDivide(mx.array([-(2n ** 63n)], mx.int64), mx.array(-1, mx.int64)))'],
  ['int64 remainder MIN % -1', 'mx.eval(mx.remainder(mx.array([-(2n ** 63n)], mx.int64), mx.array(-1, mx.int64)))'],
  ['int64 divmod MIN / -1', 'mx.eval(mx.divmod(mx.array([-(2n ** 63n)], mx.int64), mx.array(-1, mx.int64)))'],
  // SIGSEGV: MLX's checkpoint reads the first output of a function that returned none (seed 12 index 98889)
  ['checkpoint of a function returning no array', 'mx.checkpoint((...a) => a[0])(-1, -1)'],
  ['checkpoint of a function returning a number', 'mx.checkpoint(() => 1)(mx.ones([2]))'],
  ['checkpoint returning no array under grad', 'mx.grad((x) => mx.sum(mx.checkpoint(() => [])(x)))(mx.ones([2]))'],
  // segfault / hang: printing with ten million or 2**31 - 1 decimals (seed 12 index 8470, after setPrintoptions(2147483647))
  ['setPrintoptions(2**31 - 1) then print', 'try { mx.setPrintoptions(2147483647); } finally { String(mx.array(0.5)); }'],
  ['setPrintoptions(1e7) then print', 'try { mx.setPrintoptions(10000000); } finally { String(mx.array([0.5, 1 / 3])); }'],
  ['printoptions(1e7) context', 'mx.printoptions({ precision: 10000000 }, () => String(mx.array(0.5)))'],
  // minutes and gigabytes for an empty result (seed 20261125 indices 11917 and 23462)
  ['tri(2**31 - 1, 0)', 'mx.eval(mx.tri(2147483647, 0))'],
  ['permutation of a [0, 2**31 - 1] view', 'mx.eval(mx.random.permutation(mx.broadcastTo(mx.array(1), [0, 2147483647]), 1))'],
  ['tile of an empty array 2**31 - 1 times', 'mx.eval(mx.tile(mx.zeros([0]), [2147483647]))'],
  // abort "free(): invalid size": an update of more dimensions than the array (seed 777 index 53858)
  ['sliceUpdate with a [2, 2] update into [2]', 'mx.eval(mx.sliceUpdate(mx.array([255, 0], mx.uint8), mx.full([2, 2], Infinity), mx.array(-1).astype(mx.uint8), [0]))'],
  ['sliceUpdate with a [1, 2] update into [2]', 'mx.eval(mx.sliceUpdate(mx.zeros([2]), mx.ones([1, 2]), mx.array(0), [0]))'],
  ['sliceUpdate with a [5, 2, 3] update into [2, 3]', 'mx.eval(mx.sliceUpdate(mx.zeros([2, 3]), mx.ones([5, 2, 3]), mx.array(0), [0]))'],
  // SIGSEGV: gatherQqmm of a quantized w without scales (seed 777 index 199494)
  ['gatherQqmm without scales', 'mx.eval(mx.gatherQqmm(mx.zeros([0, 2], mx.int8), mx.zeros([0, 2], mx.uint32)))'],
  // hang: trace with an offset beyond the matrix (seed 777 index 137334)
  ['trace with an offset beyond the matrix', 'mx.eval(mx.trace(mx.ones([2, 3, 3]), 3))', 40],
  ['sum of an empty diagonal view', 'mx.eval(mx.sum(mx.diagonal(mx.ones([2, 3, 3]), 3), -1))', 40],
  // V8 fatal "Check failed: kMinReasonableBytes <= change_in_bytes": a view's logical size (2**61 bytes,
  // or wrapped around 2**64) reported as external memory (seed 4242 index 14175)
  ['a [2**31 - 1, 2**28] broadcast view', 'for (let i = 0; i < 4; i++) mx.broadcastTo(mx.array(1), [2147483647, 268435456])'],
  ['a [2**31 - 1] * 3 int64 broadcast view', 'for (let i = 0; i < 4; i++) mx.broadcastTo(mx.array(1, mx.int64), [2147483647, 2147483647, 2147483647])'],
  // SIGSEGV: depends with no inputs (seed 9001 index 154233)
  ['depends([], x)', 'mx.depends([], mx.zeros([0, 2], mx.bool_))'],
  ['depends([], scalar)', 'mx.depends([], mx.array(-1).astype(mx.uint64))'],
  // fatal JS heap out-of-memory: a sparse list spread into arguments (seed 9001 index 7112)
  ['exporter called with a sparse list', 'const ex = mx.exporter("fuzz_regression_unused.mlxfn", (x) => x); try { ex(H.sparse(2 ** 32 - 1), [2, 3]); } finally { try { ex.close(); } catch {} }'],
  ['exportFunction with a sparse list', 'mx.exportFunction("fuzz_regression_unused.mlxfn", (x) => x, H.sparse(2 ** 32 - 1))'],
  // SIGFPE: unflatten inferring a -1 next to a size 0 (seed 271828 index 8142)
  ['unflatten with [0, 3, -1]', 'mx.eval(mx.unflatten(mx.array([[2, 1], [1, 3]]).astype(mx.float64), 0, [0, 3, -1]))'],
  ['unflatten of an empty axis with [0, -1]', 'mx.eval(mx.unflatten(mx.zeros([0, 2]), 0, [0, -1]))'],
  // SIGFPE: masked assignment of an empty value (seed 20261125 index 38017, after the nn layers joined)
  ['masked indexPut_ of an empty value', '(mx.array(-1).astype(mx.uint32)).indexPut_(mx.array(true), [])'],
  ['masked indexPut_ of an empty value, empty mask', 'mx.zeros([0]).indexPut_(mx.zeros([0], mx.bool_), [])'],
  // SIGFPE: a quantized product over an empty inner dimension (seed 20261125 index 97976)
  ['QuantizedLinear with no inputs', 'mx.eval((new mx.nn.QuantizedLinear(0, 2)).forward(mx.zeros([0])))'],
  // hang: Muon's Newton-Schulz with 2**31 steps (seed 20261125 index 8854)
  ['Muon newtonSchulz with 2**31 steps', "(new mx.optimizers.Muon(0, 2)).newtonSchulz(mx.eye(3), 2147483648, '.')"],
  ['Muon with a million nsSteps', 'new mx.optimizers.Muon(0.1, { nsSteps: 1e6 })'],
  // hang then out of memory: an optimizer's state for a sparse list of 2**32 - 1 parameters (seed 20261125 index 38393 after merging main)
  ['Optimizer.init of a sparse list', 'mx.optimizers.Optimizer.prototype.init.call(new mx.optimizers.SGD(0.1), H.sparse(2 ** 32 - 1))'],
  // allocations beyond the machine
  ['zeros [65536, 65536, 65536]', 'mx.eval(mx.zeros([65536, 65536, 65536]))'],
  ['zeros [100000, 100000]', 'mx.eval(mx.zeros([100000, 100000]))'],
  ['random.uniform [100000, 100000]', 'mx.eval(mx.random.uniform({ shape: [100000, 100000] }))'],
];

describe('fuzz regressions (each input once killed the process)', function () {
  this.timeout(120000);

  it(`survives all ${CASES.length} inputs in one child process`, () => {
    const script = `
      const mx = require(${JSON.stringify(ROOT)});
      const H = require(${JSON.stringify(path.join(ROOT, 'tools', 'fuzz', 'hostile.js'))});
      const fs = require('node:fs');
      const cases = JSON.parse(process.argv[1]);
      for (const [what, body, times] of cases) {
        fs.writeSync(1, 'START ' + what + '\\n');
        const t0 = Date.now();
        for (let k = 0; k < (times || 1); k++) {
          try {
            new Function('mx', 'H', body)(mx, H);
          } catch (e) {
            if (!(e instanceof Error) || !e.message) { fs.writeSync(1, 'BAD ' + what + ': threw ' + String(e) + '\\n'); break; }
          }
        }
        fs.writeSync(1, 'OK ' + (Date.now() - t0) + ' ' + what + '\\n');
      }
      fs.writeSync(1, 'DONE\\n');`;
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-fuzz-regressions-'));  // file-writing cases write there
    const r = spawnSync(process.execPath, ['-e', script, JSON.stringify(CASES)], { cwd, encoding: 'utf8', timeout: 100000 });
    fs.rmSync(cwd, { recursive: true, force: true });
    const lines = r.stdout.trim().split('\n');
    const started = lines.filter((l) => l.startsWith('START ')).pop();
    assert.ok(lines.includes('DONE'),
      `the child died (${r.signal || `exit ${r.status}`}) during: ${started?.slice(6)}\n${r.stderr.slice(-2000)}`);
    assert.deepEqual(lines.filter((l) => l.startsWith('BAD ')), []);
    // none of them may take long (the sparse lists used to take minutes)
    const slow = lines.filter((l) => l.startsWith('OK ') && Number(l.split(' ')[1]) > 5000);
    assert.deepEqual(slow, []);
  });
});
