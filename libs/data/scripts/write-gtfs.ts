/** Rewrites libs/data/gtfs/line101/*.txt from libs/data/src/line101.ts (`npm run data:gtfs`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { line101GtfsFiles } from '../src/gtfs';

const dir = join(__dirname, '..', 'gtfs', 'line101');
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(line101GtfsFiles())) writeFileSync(join(dir, name), text);
process.stdout.write(`wrote ${dir}\n`);
