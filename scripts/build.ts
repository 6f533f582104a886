/**
 * The production build (`npm run build`): the server, its libraries and the CLIs transpiled by SWC
 * to CommonJS in dist/ (decorator metadata for NestJS's injection, `@app/*` aliases rewritten to
 * relative paths), and the browser pages built with esbuild into dist/apps/web/dist, where the
 * compiled server reads them. The result runs with production dependencies only:
 * `npm ci --omit=dev && npm run start:prod` (Dockerfile, test/production.e2e-spec.ts).
 * Type checking is `npm run typecheck`'s job; this only emits.
 */
import { transformFile, type Options } from '@swc/core';
import { Presets, SingleBar } from 'cli-progress';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWeb, writeWebBuild } from '../apps/web/build';

const ROOT = resolve(__dirname, '..');
/** What production runs: the server, the trial launcher, the simulator, the report and retention CLIs, with their libraries. */
const SOURCES = [
  'apps/server/src',
  'apps/trial/src',
  'apps/report/src',
  'apps/retention/src',
  'apps/web/build.ts',
  'libs',
  'simulator/src',
  'scripts',
];
/** Files read at run time next to the code (GTFS feed, catalogues kept as JSON). */
const ASSET = /\.(txt|json)$/;
const SKIP = /\.(spec|e2e-spec|medium-spec)\.ts$|\/test-support\/|\/node_modules\/|\/dist\//;

/** The `@app/*` aliases, read from tsconfig.json (the one place they are written) and rewritten by SWC to relative paths. */
const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};

const swcOptions: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    baseUrl: ROOT,
    paths: compilerOptions.paths,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((f) => join(full, f))
    .filter((f) => statSync(f).isFile());
}

/** `--out DIR` (default dist/): the production rehearsal builds into a temporary folder. */
function outDir(): string {
  try {
    const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
    return resolve(values.out ?? join(ROOT, 'dist'));
  } catch (error) {
    process.stderr.write(`build: ${(error as Error).message} (usage: npm run build [-- --out DIR])\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const OUT = outDir();
  rmSync(OUT, { recursive: true, force: true });
  const files = SOURCES.flatMap(filesUnder).filter((f) => !SKIP.test(f) && (f.endsWith('.ts') || ASSET.test(f)));
  const bar = new SingleBar({ format: 'build |{bar}| {value}/{total} files', hideCursor: true }, Presets.shades_classic);
  bar.start(files.length + 1, 0);
  for (const file of files) {
    const target = join(OUT, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.ts')) {
      const { code, map } = await transformFile(file, { ...swcOptions, filename: file });
      writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
      if (map) writeFileSync(`${target}.map`, map);
    } else {
      copyFileSync(file, target);
    }
    bar.increment();
  }
  // The compiled server reads the pages from dist/apps/web/dist (WEB_DIST next to build.js).
  const web = await buildWeb();
  writeWebBuild(web, join(OUT, 'apps/web/dist'));
  bar.increment();
  bar.stop();
  process.stdout.write(
    `${relative(process.cwd(), OUT) || '.'}: ${files.length} files; pages gzipped ${JSON.stringify(web.pageGzipBytes)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
