/**
 * How fast the simulator generates the trial when publishing is not waited for (dry run: every
 * message is built and serialised, nothing is sent), against the naive alternative it replaced:
 * synthesising 256 Hz × 3 axes × 2 locations every simulated second and filtering it with the
 * ISO 2631-1 weightings to get the per-second aw. Appends the figures to bench/RESULTS.md.
 *   npm run bench:simulator [-- --days 2]
 */
import { appendFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createWeightingFilter } from '@app/domain';
import { simulate } from '../simulator/src';

const daysArg = process.argv.indexOf('--days');
const days = daysArg > 0 ? Number(process.argv[daysArg + 1]) : 2;
const to = new Date(Date.parse('2018-06-11T00:00:00Z') + (days - 1) * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<void> {
  // Warm-up (JIT), then the measured run.
  await simulate({ from: '2018-06-11', to: '2018-06-11', dryRun: true, mqttUrl: null, apiUrl: null });
  const r = await simulate({
    from: '2018-06-11',
    to,
    dryRun: true,
    mqttUrl: null,
    apiUrl: null,
    faults: 'duplicate,reorder,malformed:0.001',
  });
  const ours = r.report.samplesPerSecond;

  // Naive: per simulated second, 6 channels × 256 samples of a 15-sinusoid sum, each filtered.
  const filters = [0, 1, 2, 3, 4, 5].map((c) => createWeightingFilter(c % 3 === 2 ? 'Wk' : 'Wd', 256));
  const buf = new Float64Array(256);
  const freqs = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 17, 20, 24, 25];
  const seconds = 3000;
  const t0 = performance.now();
  let sink = 0;
  for (let s = 0; s < seconds; s++) {
    for (const f of filters) {
      for (let n = 0; n < 256; n++) {
        let v = 0;
        for (const hz of freqs) v += 0.05 * Math.sin(2 * Math.PI * hz * (s + n / 256));
        buf[n] = v;
      }
      const w = f.process(buf);
      let e = 0;
      for (let n = 0; n < 256; n++) e += w[n] * w[n];
      sink += Math.sqrt(e / 256);
    }
  }
  const naive = Math.round(seconds / ((performance.now() - t0) / 1000));
  if (!Number.isFinite(sink)) throw new Error('unreachable');

  const line =
    `| ${new Date().toISOString().slice(0, 10)} | ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version} | ` +
    `${days} service days × 2 coaches, dry run | ${r.report.telemetrySamples} | ${(r.report.wallMs / 1000).toFixed(2)} s | **${ours.toLocaleString('en')}** samples/s | ` +
    `${naive.toLocaleString('en')} samples/s | ×${(ours / naive).toFixed(0)} | ${(r.report.payloadBytes / r.report.telemetrySamples).toFixed(0)} B |\n`;
  process.stdout.write(`simulator dry run: ${ours} samples/s (${r.report.telemetrySamples} samples in ${r.report.wallMs} ms)\n`);
  process.stdout.write(`naive raw 256 Hz + filtering: ${naive} samples/s; ratio ×${(ours / naive).toFixed(1)}\n`);
  appendFileSync(
    join(__dirname, 'RESULTS.md'),
    `\n### simulator (bench/simulator.bench.ts)\n| date | machine | workload | telemetry samples | wall | simulator | naive 256 Hz + filter | ratio | payload bytes / sample |\n|---|---|---|---|---|---|---|---|---|\n${line}`,
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
