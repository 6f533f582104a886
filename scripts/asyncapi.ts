/** Writes docs/asyncapi.json from the contract's zod schemas. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildAsyncApiDocument } from '../libs/contract/src/asyncapi';

const file = resolve(__dirname, '../docs/asyncapi.json');
writeFileSync(file, `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
