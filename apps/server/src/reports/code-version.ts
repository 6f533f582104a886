/**
 * The code version stored with each report version: the package's version (package.json, read
 * once) and the report model's version. Git-free on purpose: an image or a tarball without a .git
 * folder still says what built its reports, and the same code gives the same bytes anywhere.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPORT_MODEL_VERSION } from '@app/report';

let cached: string | undefined;

export function codeVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
  cached = `${pkg.version}+${REPORT_MODEL_VERSION}`;
  return cached;
}
