/**
 * The code version stored with each report version: the package's version (package.json, read
 * once) and the report model's version. Git-free on purpose: an image or a tarball without a .git
 * folder still says what built its reports, and the same code gives the same bytes anywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPORT_MODEL_VERSION } from '@app/report';

let cached: string | undefined;

export function codeVersion(): string {
  if (cached) return cached;
  // The nearest package.json above this file: the repository's from the sources, the image's from dist/.
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string };
  cached = `${pkg.version ?? '0.0.0'}+${REPORT_MODEL_VERSION}`;
  return cached;
}
