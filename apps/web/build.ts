/**
 * Builds the browser pages (apps/web/src/*.ts → ES2020 modules) with esbuild. The server calls
 * buildWeb() in memory at start-up, so a fresh clone works after `npm ci` with no build step;
 * `npm run build:web` writes the same files to apps/web/dist for a production image installed
 * without devDependencies (the server serves dist/ when esbuild is absent).
 * Pages: each entry has an HTML template with {{name.js}} / {{name.css}} placeholders replaced
 * by the content-hashed asset names (served immutable).
 * Service workers: each offline page (tablet, driver) gets its own worker, told only its own
 * assets, at /sw/{page}.js with the page's scope; the dashboard has none (it is an online tool, and
 * the tablet must never precache the dashboard's JavaScript). /sw.js is the retired worker of
 * the one-worker-for-every-page era: it clears its caches and unregisters itself.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const WEB_ROOT = resolve(__dirname);
export const WEB_DIST = join(WEB_ROOT, 'dist');
/** Pages and their entry points. */
export const WEB_PAGES = ['tablet', 'driver', 'dashboard'] as const;
export type WebPage = (typeof WEB_PAGES)[number];
/** Pages that work offline, each with its own service worker and precache list. */
export const OFFLINE_PAGES = ['tablet', 'driver'] as const satisfies readonly WebPage[];
export type OfflinePage = (typeof OFFLINE_PAGES)[number];
/** Path patterns each worker serves from its cache when offline, and the scope it registers. */
export const OFFLINE_SCOPES: Record<OfflinePage, { scope: string; pattern: string }> = {
  tablet: { scope: '/tablet/', pattern: '^/tablet/[A-Z0-9][A-Z0-9-]{1,31}$' },
  driver: { scope: '/driver', pattern: '^/driver$' },
};
/** The dashboard's JavaScript budget, gzipped (issue 10). The build fails above it. */
export const DASHBOARD_JS_BUDGET_GZIP = 150 * 1024;

export interface WebFile {
  contentType: string;
  body: Buffer;
}

export interface WebBuild {
  /** Rendered HTML of each page. */
  pages: Record<WebPage, string>;
  /** Files under /assets/ (name → file). */
  assets: Map<string, WebFile>;
  /** The worker of each offline page, served at /sw/{page}.js. */
  serviceWorkers: Record<OfflinePage, WebFile>;
  /** The retired root worker at /sw.js (unregisters itself). */
  serviceWorker: WebFile;
  /** Bytes per page: its HTML plus the JS and CSS it loads (uncompressed). */
  pageBytes: Record<WebPage, number>;
  /** The same JS and CSS gzipped (level 9), what a browser downloads. */
  pageGzipBytes: Record<WebPage, { js: number; css: number }>;
  /** /assets/ URLs each offline page's worker precaches: only its own. */
  precache: Record<OfflinePage, string[]>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export async function buildWeb(): Promise<WebBuild> {
  const esbuild = await import('esbuild');
  const common = {
    bundle: true,
    format: 'esm' as const,
    target: ['es2020'],
    minify: true,
    logLevel: 'silent' as const,
    write: false as const,
  };
  const main = await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(
      WEB_PAGES.flatMap((p) => [
        [p, join(WEB_ROOT, 'src', `${p}.ts`)],
        [`${p}-style`, join(WEB_ROOT, 'src', `${p}.css`)],
      ]),
    ),
    outdir: join(WEB_ROOT, 'out'),
    entryNames: '[name]-[hash]',
    sourcemap: 'linked',
  });
  const assets = new Map<string, WebFile>();
  const urls: Record<string, string> = {};
  for (const f of main.outputFiles) {
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    const ext = name.slice(name.lastIndexOf('.'));
    assets.set(name, { contentType: TYPES[ext] ?? 'application/octet-stream', body: Buffer.from(f.contents) });
    const m = /^([a-z]+)(-style)?-[A-Z0-9]+\.(js|css)$/.exec(name);
    if (m) urls[`${m[1]}.${m[3]}`] = `/assets/${name}`;
  }
  const body = (key: string) => assets.get(urls[key].slice('/assets/'.length))!.body;
  const pages = {} as Record<WebPage, string>;
  const pageBytes = {} as Record<WebPage, number>;
  const pageGzipBytes = {} as Record<WebPage, { js: number; css: number }>;
  for (const p of WEB_PAGES) {
    pages[p] = readFileSync(join(WEB_ROOT, `${p}.html`), 'utf8').replace(/\{\{([a-z]+\.(?:js|css))\}\}/g, (_, key: string) => {
      if (!urls[key]) throw new Error(`web build: no asset for ${key}`);
      return urls[key];
    });
    pageBytes[p] = Buffer.byteLength(pages[p]) + body(`${p}.js`).length + body(`${p}.css`).length;
    pageGzipBytes[p] = { js: gzipSync(body(`${p}.js`), { level: 9 }).length, css: gzipSync(body(`${p}.css`), { level: 9 }).length };
  }
  if (pageGzipBytes.dashboard.js > DASHBOARD_JS_BUDGET_GZIP) {
    throw new Error(
      `web build: the dashboard's JavaScript is ${pageGzipBytes.dashboard.js} bytes gzipped, over its budget of ${DASHBOARD_JS_BUDGET_GZIP}`,
    );
  }
  const precache = {} as Record<OfflinePage, string[]>;
  const serviceWorkers = {} as Record<OfflinePage, WebFile>;
  for (const p of OFFLINE_PAGES) {
    precache[p] = [urls[`${p}.js`], urls[`${p}.css`]];
    const version = createHash('sha256').update(precache[p].join(',')).digest('hex').slice(0, 12);
    const sw = await esbuild.build({
      ...common,
      entryPoints: [join(WEB_ROOT, 'src', 'sw.ts')],
      format: 'iife',
      outfile: join(WEB_ROOT, 'out', `sw-${p}.js`),
      define: {
        __PAGE__: JSON.stringify(p),
        __ASSETS__: JSON.stringify(precache[p]),
        __VERSION__: JSON.stringify(version),
        __PAGE_PATTERN__: JSON.stringify(OFFLINE_SCOPES[p].pattern),
      },
    });
    serviceWorkers[p] = { contentType: TYPES['.js'], body: Buffer.from(sw.outputFiles[0].contents) };
  }
  const retired = await esbuild.build({
    ...common,
    entryPoints: [join(WEB_ROOT, 'src', 'sw-retired.ts')],
    format: 'iife',
    outfile: join(WEB_ROOT, 'out', 'sw.js'),
  });
  await esbuild.stop();
  return {
    pages,
    assets,
    serviceWorkers,
    precache,
    pageBytes,
    pageGzipBytes,
    serviceWorker: { contentType: TYPES['.js'], body: Buffer.from(retired.outputFiles[0].contents) },
  };
}

interface Manifest {
  pageBytes: WebBuild['pageBytes'];
  pageGzipBytes: WebBuild['pageGzipBytes'];
  precache: WebBuild['precache'];
  assets: string[];
}

/** Writes a build to apps/web/dist (pages/*.html, assets/*, sw.js, sw/*.js, manifest.json). */
export function writeWebBuild(build: WebBuild, dir = WEB_DIST): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  mkdirSync(join(dir, 'pages'), { recursive: true });
  mkdirSync(join(dir, 'sw'), { recursive: true });
  for (const [name, file] of build.assets) writeFileSync(join(dir, 'assets', name), file.body);
  for (const p of WEB_PAGES) writeFileSync(join(dir, 'pages', `${p}.html`), build.pages[p]);
  for (const p of OFFLINE_PAGES) writeFileSync(join(dir, 'sw', `${p}.js`), build.serviceWorkers[p].body);
  writeFileSync(join(dir, 'sw.js'), build.serviceWorker.body);
  const manifest: Manifest = {
    pageBytes: build.pageBytes,
    pageGzipBytes: build.pageGzipBytes,
    precache: build.precache,
    assets: [...build.assets.keys()],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

/** Reads what writeWebBuild wrote (production without esbuild). */
export function readWebBuild(dir = WEB_DIST): WebBuild {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const assets = new Map<string, WebFile>();
  for (const name of manifest.assets) {
    const ext = name.slice(name.lastIndexOf('.'));
    assets.set(name, { contentType: TYPES[ext] ?? 'application/octet-stream', body: readFileSync(join(dir, 'assets', name)) });
  }
  const js = (path: string): WebFile => ({ contentType: TYPES['.js'], body: readFileSync(path) });
  const pages = Object.fromEntries(WEB_PAGES.map((p) => [p, readFileSync(join(dir, 'pages', `${p}.html`), 'utf8')])) as Record<
    WebPage,
    string
  >;
  const serviceWorkers = Object.fromEntries(OFFLINE_PAGES.map((p) => [p, js(join(dir, 'sw', `${p}.js`))])) as Record<OfflinePage, WebFile>;
  return {
    pages,
    assets,
    serviceWorkers,
    serviceWorker: js(join(dir, 'sw.js')),
    pageBytes: manifest.pageBytes,
    pageGzipBytes: manifest.pageGzipBytes,
    precache: manifest.precache,
  };
}

if (typeof require !== 'undefined' && require.main === module) {
  void buildWeb().then((b) => {
    writeWebBuild(b);
    process.stdout.write(
      `web pages built in ${WEB_DIST}: ${JSON.stringify(b.pageBytes)} bytes, gzipped ${JSON.stringify(b.pageGzipBytes)}\n`,
    );
  });
}
