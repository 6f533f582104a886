/**
 * `npm run bench:trial`: the README's main job, measured. Three replays of the same trial, each a
 * fresh `npm run trial -- --exit-after` process on the embedded servers, in one run:
 *   1. parallel — simulator in its own process, PGlite in a worker thread (the default);
 *   2. single thread — simulator and PGlite on the server's event loop (the old path);
 *   3. under CPU pressure — the parallel path pinned to one core (taskset) beside a busy loop on
 *      that core: completeness must not depend on how busy the machine is.
 * Each records its wall time, CPU, the reconciliation (it must be clean) and the answer posts'
 * latency as the simulated tablets saw it; a probe tablet also posts one rating every 500 ms
 * during run 1 and times it (what a passenger's tablet would see during the replay).
 *   npm run bench:trial -- [--from 2018-06-08] [--to 2018-06-22] [--skip-pressure]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appendResults, machineLine, ROOT } from './support/bench-env';

interface RunFigures {
  name: string;
  wallS: number;
  /** The replay alone, as the trial prints it (without start-up, the final report and shutdown). */
  replayS: number;
  cpuS: number;
  exitCode: number;
  clean: boolean;
  reconciliation: string;
  posts: string;
  probe?: { n: number; p50: number; p95: number; p99: number; max: number; failed: number };
}

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '2018-06-08' },
    to: { type: 'string', default: '2018-06-22' },
    'skip-pressure': { type: 'boolean' },
  },
});
/** GNV-01's development tablet token; the probe's answers are dated the day before the trial, 10 s apart, so the 5-second rule never meets the simulated ones. */
const PROBE_TOKEN = 'tablet-gnv-01-dev';

function quantiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN);
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(s[s.length - 1] ?? NaN) };
}

/** Posts one rating every 500 ms on its own tablet token until stopped; returns the latencies. */
function startProbe(url: () => string | null) {
  const ms: number[] = [];
  let failed = 0;
  let stop = false;
  const deviceId = randomUUID();
  let seq = 0;
  const loop = (async () => {
    while (!stop) {
      const base = url();
      if (base) {
        seq++;
        const body = {
          ratings: [
            {
              id: randomUUID(),
              vehicleId: 'GNV-01',
              answeredAt: new Date(Date.parse('2018-06-07T00:00:00Z') + seq * 10_000).toISOString(),
              language: 'fr',
              complete: true,
              overall: 4,
              deviceId,
              deviceSeq: seq,
            },
          ],
        };
        const t0 = performance.now();
        try {
          const res = await fetch(`${base}/api/v1/ratings/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${PROBE_TOKEN}` },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(120_000),
          });
          await res.text();
          if (res.ok) ms.push(performance.now() - t0);
          else failed++;
        } catch {
          failed++;
        }
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    async stop() {
      stop = true;
      await loop;
      return { ...quantiles(ms), failed };
    },
  };
}

async function runTrial(name: string, args: string[], wrap: string[] = [], probe = false): Promise<RunFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-trial-'));
  const cmd = [
    ...wrap,
    process.execPath,
    '-r',
    '@swc-node/register',
    'apps/trial/src/main.ts',
    '--from',
    values.from!,
    '--to',
    values.to!,
    '--exit-after',
    ...args,
  ];
  process.stdout.write(`\n--- ${name}: ${cmd.join(' ')}\n`);
  const started = performance.now();
  const child: ChildProcess = spawn(cmd[0], cmd.slice(1), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATA_DIR: dataDir, HTTP_PORT: '0' },
  });
  let out = '';
  let httpUrl: string | null = null;
  child.stdout!.on('data', (d: Buffer) => {
    const text = d.toString();
    out += text;
    process.stdout.write(text);
    httpUrl ??= /Health \/ metrics\s+(http:\/\/[^/\s]+)/.exec(out)?.[1] ?? null;
  });
  // The probe posts while the replay runs, not while the server shuts down.
  const p = probe ? startProbe(() => (/Replaying/.test(out) && !/\nDone\./.test(out) ? httpUrl : null)) : null;
  const exitCode: number = await new Promise((res) => child.on('exit', (code) => res(code ?? -1)));
  const wallS = (performance.now() - started) / 1000;
  const probeFigures = p ? await p.stop() : undefined;
  rmSync(dataDir, { recursive: true, force: true });
  // The table and its verdict line, nothing after (the report's paths follow).
  const verdictEnd = out.indexOf('\n', out.indexOf('Reconciliation:'));
  const table = out.slice(out.indexOf('vehicle  stream'), verdictEnd < 0 ? undefined : verdictEnd).trim();
  return {
    name,
    wallS,
    replayS: Number(/Replayed [\d.]+ simulated days in (\d+) s/.exec(out)?.[1] ?? NaN),
    cpuS: NaN,
    exitCode,
    clean: /Reconciliation: clean/.test(out),
    reconciliation: table,
    posts: /Answer posts: [^\n]+/.exec(out)?.[0] ?? 'n/a',
    probe: probeFigures,
  };
}

async function main(): Promise<void> {
  const runs: RunFigures[] = [];
  let c0 = readChildCpu();
  runs.push(await runTrial('parallel (default)', [], [], true));
  runs[runs.length - 1].cpuS = readChildCpu() - c0;
  c0 = readChildCpu();
  runs.push(await runTrial('single thread', ['--single-thread']));
  runs[runs.length - 1].cpuS = readChildCpu() - c0;
  if (!values['skip-pressure']) {
    const busy = spawn('taskset', ['-c', '0', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' });
    try {
      c0 = readChildCpu();
      runs.push(await runTrial('parallel, pinned to core 0 beside a busy loop', [], ['taskset', '-c', '0']));
      runs[runs.length - 1].cpuS = readChildCpu() - c0;
    } finally {
      busy.kill('SIGKILL');
    }
  }
  const [par, single] = runs;
  const ratio = single.replayS / par.replayS;
  const lines = runs.map(
    (r) =>
      `| ${r.name} | ${r.replayS} s | ${r.wallS.toFixed(0)} s | ${Number.isNaN(r.cpuS) ? 'n/a' : `${r.cpuS.toFixed(0)} s (${(r.cpuS / r.wallS).toFixed(2)} cores)`} | ${r.clean ? 'clean' : `**NOT clean** (exit ${r.exitCode})`} | ${r.posts.replace('Answer posts: ', '')} |`,
  );
  const probe = par.probe!;
  const section = `## Trial replay (${values.from} → ${values.to}) — ${new Date().toISOString().slice(0, 10)}

Machine: ${machineLine()}. Embedded PGlite + Aedes, \`npm run trial -- --exit-after\`, each run a fresh data folder.

| run | replay | whole command (start, replay, final report, stop) | CPU (all processes) | reconciliation | answer posts of the simulated devices |
|---|---|---|---|---|---|
${lines.join('\n')}

Parallel against single thread: **×${ratio.toFixed(2)}** faster replay (${par.replayS} s vs ${single.replayS} s; target ≤ 180 s for the parallel replay).
Probe tablet during the parallel run (one rating every 500 ms, batch endpoint): ${probe.n} posts, p50 ${probe.p50} ms, p95 ${probe.p95} ms, **p99 ${probe.p99} ms**, max ${probe.max} ms, ${probe.failed} failed.

Reconciliation of the parallel run:
\`\`\`
${par.reconciliation}
\`\`\`
${runs[2] ? `Reconciliation under CPU pressure:\n\`\`\`\n${runs[2].reconciliation}\n\`\`\`\n` : ''}`;
  process.stdout.write(`\n${section}\n`);
  appendResults(section);
  if (runs.some((r) => !r.clean)) process.exitCode = 1;
}

/** CPU seconds (user + system) of this process's finished children so far. */
function readChildCpu(): number {
  // getrusage(RUSAGE_CHILDREN) is not exposed by Node; /proc/self/stat fields 16 and 17 are
  // cutime and cstime in clock ticks (100 per second on Linux).
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

void main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
