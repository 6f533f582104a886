/**
 * `npm run bench`: runs every bench/*.bench.ts one after the other (they each print their figures
 * and append them to bench/RESULTS.md). Extra arguments are passed to each, e.g. `-- --seconds 20`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = __dirname;
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n=== ${file}\n`);
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', resolve(dir, file), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: resolve(dir, '..'),
  });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`${file} failed (exit ${r.status})\n`);
  }
}
process.stdout.write(`\n${benches.length - failed} of ${benches.length} benchmarks completed\n`);
process.exit(failed ? 1 : 0);
