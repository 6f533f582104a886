/** Rewrites libs/data/gtfs/line<id>/*.txt from libs/data/src/line101.ts and line102.ts (`npm run data:gtfs`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gtfsFilesOf } from '../src/gtfs';
import { LINES } from '../src/lines';

for (const line of Object.values(LINES)) {
  const dir = join(__dirname, '..', 'gtfs', `line${line.id}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(gtfsFilesOf(line))) writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote ${dir}\n`);
}
