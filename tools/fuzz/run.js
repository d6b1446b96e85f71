'use strict';
// The fuzz runner: spreads the calls of a seed over child processes (chunks of
// `chunk` calls each, `procs` at a time), restarts after a crash or a hang,
// and reports every finding with its repro:
//   node tools/fuzz/repro.js SEED INDEX [--from START]
// Usage:
//   node tools/fuzz/run.js [--seed N] [--calls N] [--duration SECONDS] [--procs N] [--chunk N]
//                          [--call-timeout SECONDS] [--json FILE]
// Exit status 1 when there are findings (other than the known one).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHILD = path.join(__dirname, 'child.js');

// The abort the lead is fixing (a JS exception thrown while a GC runs the
// addon's finalizers; tests/stress/throw_during_gc.js): recorded, not counted.
const KNOWN = [/Check failed: AllowJavascriptExecution/];

/** Runs calls [from, to) of `seed` in one child; resolves with what it saw. */
function runChild(seed, from, to, { callTimeoutMs, cwd, onLine, onTarget, onTotal }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, String(seed), String(from), String(to)], {
      cwd, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = from - 1;
    let done = null;
    let buf = '';
    let stderr = '';
    const findings = [];
    let hung = false;
    let lastProgress = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress > callTimeoutMs) {
        hung = true;
        child.kill('SIGKILL');
      }
    }, 250);
    child.stdout.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lastProgress = Date.now();
        if (line.startsWith('S ')) {
          const sp = line.indexOf(' ', 2);
          last = Number(line.slice(2, sp));
          if (onTarget) onTarget(line.slice(sp + 1));
        } else if (line.startsWith('T ')) {
          if (onTotal) onTotal(Number(line.slice(2)));
        }
        else if (line.startsWith('F ')) findings.push(JSON.parse(line.slice(2)));
        else if (line.startsWith('D ')) done = JSON.parse(line.slice(2));
        if (onLine) onLine(line);
      }
    });
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('close', (code, signal) => {
      clearInterval(watchdog);
      resolve({ last, done, findings, code, signal, hung, stderr });
    });
  });
}

function classify(r) {
  if (r.hung) return 'hang';
  if (r.signal) return `signal ${r.signal}`;
  return `exit ${r.code}`;
}

/**
 * Runs `calls` calls (or until `durationMs` has passed) of `seed`. Returns
 * { calls, targets, findings: [{ kind, index, from, target, expr, detail, repro, known }], counts }.
 */
async function fuzz({ seed = 1, calls = 100000, durationMs = 0, procs = 2, chunk = 2500, callTimeoutMs = 30000,
  log = () => {} } = {}) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-fuzz-'));
  const findings = [];
  const counts = { calls: 0, returned: 0, threw: 0, evaluated: 0, notEvaluated: 0, follow: 0, children: 0, crashes: 0 };
  const targetsSeen = new Set();
  const start = Date.now();
  let next = 0;
  const end = calls > 0 ? calls : Infinity;
  const takeChunk = () => {
    if (next >= end || (durationMs > 0 && Date.now() - start > durationMs)) return null;
    const from = next;
    next = Math.min(end, next + chunk);
    return [from, next];
  };
  // The package is never loaded in this process (a test runner may hold
  // another copy of it): a child describes a call.
  const nameOf = (index) => {
    const r = spawnSync(process.execPath, [CHILD, 'describe', String(seed), String(index)], { encoding: 'utf8' });
    try {
      return JSON.parse(r.stdout);
    } catch {
      return { target: '?', expr: '?' };
    }
  };
  let totalTargets = 0;
  const onTarget = (name) => targetsSeen.add(name);
  const onTotal = (n) => { totalTargets = n; };

  const worker = async () => {
    for (let range = takeChunk(); range; range = takeChunk()) {
      let [from, to] = range;
      while (from < to) {
        counts.children++;
        const r = await runChild(seed, from, to, { callTimeoutMs, cwd, onTarget, onTotal });
        for (const f of r.findings) findings.push({ kind: 'bad throw', ...f, from, repro: `node tools/fuzz/repro.js ${seed} ${f.index} --from ${from}` });
        if (r.done) {
          for (const k of Object.keys(r.done)) counts[k] += r.done[k];
          break;
        }
        // Died (or hung) at call `r.last`: a finding; go on after it.
        const index = r.last;
        const kind = classify(r);
        const known = KNOWN.some((re) => re.test(r.stderr));
        counts.crashes++;
        counts.calls += Math.max(0, index - from + 1);
        const c = index >= 0 ? nameOf(index) : { target: '', expr: '' };
        findings.push({ kind, index, from, target: c.target, expr: c.expr, detail: r.stderr.trim().split('\n').slice(-6).join('\n'),
          known, repro: `node tools/fuzz/repro.js ${seed} ${index} --from ${from}` });
        log(`${kind} at ${seed}:${index} ${c.target}: ${c.expr.slice(0, 300)}${known ? ' (known)' : ''}`);
        from = index + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: procs }, worker));
  fs.rmSync(cwd, { recursive: true, force: true });
  return { seed, calls: counts.calls, targets: totalTargets, targetsCalled: targetsSeen.size, counts, findings,
    seconds: (Date.now() - start) / 1000 };
}

async function cli() {
  const argv = process.argv.slice(2);
  const opt = (name, def) => {
    const i = argv.lastIndexOf(`--${name}`);  // the last one wins (npm run fuzz -- --duration 60)
    return i >= 0 ? argv[i + 1] : def;
  };
  const seed = Number(opt('seed', Math.floor(Math.random() * 2 ** 31)));
  const durationMs = Number(opt('duration', 0)) * 1000;
  const calls = Number(opt('calls', durationMs ? 0 : 100000));  // with both, whichever ends first
  const procs = Number(opt('procs', 2));
  const chunk = Number(opt('chunk', 2500));
  const callTimeoutMs = Number(opt('call-timeout', 30)) * 1000;
  console.log(`fuzz: seed ${seed}, ${[durationMs ? `${durationMs / 1000} s` : '', calls ? `${calls} calls` : ''].filter(Boolean).join(' or ')}, ${procs} processes`);
  const res = await fuzz({ seed, calls, durationMs, procs, chunk, callTimeoutMs, log: (s) => console.log(s) });
  const jsonFile = opt('json');
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(res, null, 2));
  console.log(`fuzz: ${res.calls} calls over ${res.targetsCalled} of ${res.targets} entry points in ${res.seconds.toFixed(1)} s ` +
    `(${res.counts.returned} returned, ${res.counts.threw} threw, ${res.counts.evaluated} results evaluated, ` +
    `${res.counts.notEvaluated} too large to evaluate, ${res.counts.follow} follow-up calls, ${res.counts.children} child processes)`);
  const real = res.findings.filter((f) => !f.known);
  for (const f of res.findings) {
    console.log(`\n${f.known ? '[known] ' : ''}${f.kind}: ${f.what || ''} at index ${f.index} (${f.target})\n  ${f.expr}\n  repro: ${f.repro}`);
    if (f.detail) console.log('  ' + String(f.detail).split('\n').join('\n  '));
  }
  console.log(`\nfuzz: ${real.length} finding(s)${res.findings.length > real.length ? `, ${res.findings.length - real.length} known` : ''}`);
  process.exitCode = real.length ? 1 : 0;
}

module.exports = { fuzz, runChild };
if (require.main === module) cli();
