/**
 * Builds the browser pages (apps/web/src/*.ts → ES2020 modules) with esbuild. The server calls
 * buildWeb() in memory at start-up, so a fresh clone works after `npm ci` with no build step;
 * `npm run build:web` writes the same files to apps/web/dist for a production image installed
 * without devDependencies (the server serves dist/ when esbuild is absent).
 * Pages: each entry has an HTML template with {{name.js}} / {{name.css}} placeholders replaced
 * by the content-hashed asset names (served immutable); the service worker gets the asset list.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const WEB_ROOT = resolve(__dirname);
export const WEB_DIST = join(WEB_ROOT, 'dist');
/** Pages and their entry points; the dashboard and report viewer can add theirs here. */
export const WEB_PAGES = ['tablet', 'driver'] as const;
export type WebPage = (typeof WEB_PAGES)[number];

export interface WebFile {
  contentType: string;
  body: Buffer;
}

export interface WebBuild {
  /** Rendered HTML of each page. */
  pages: Record<WebPage, string>;
  /** Files under /assets/ (name → file) and the service worker at /sw.js. */
  assets: Map<string, WebFile>;
  serviceWorker: WebFile;
  /** Bytes per page: its HTML plus the JS and CSS it loads (uncompressed). */
  pageBytes: Record<WebPage, number>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

export async function buildWeb(): Promise<WebBuild> {
  const esbuild = await import('esbuild');
  const common = { bundle: true, format: 'esm' as const, target: ['es2020'], minify: true, logLevel: 'silent' as const, write: false as const };
  const main = await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(WEB_PAGES.flatMap((p) => [[p, join(WEB_ROOT, 'src', `${p}.ts`)], [`${p}-style`, join(WEB_ROOT, 'src', `${p}.css`)]])),
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
  const pages = {} as Record<WebPage, string>;
  const pageBytes = {} as Record<WebPage, number>;
  for (const p of WEB_PAGES) {
    pages[p] = readFileSync(join(WEB_ROOT, `${p}.html`), 'utf8').replace(/\{\{([a-z]+\.(?:js|css))\}\}/g, (_, key: string) => {
      if (!urls[key]) throw new Error(`web build: no asset for ${key}`);
      return urls[key];
    });
    pageBytes[p] = Buffer.byteLength(pages[p]) + [`${p}.js`, `${p}.css`].reduce((n, k) => n + assets.get(urls[k].slice(8))!.body.length, 0);
  }
  const precache = Object.values(urls);
  const version = createHash('sha256').update(precache.join(',')).digest('hex').slice(0, 12);
  const sw = await esbuild.build({
    ...common,
    entryPoints: [join(WEB_ROOT, 'src', 'sw.ts')],
    format: 'iife',
    outfile: join(WEB_ROOT, 'out', 'sw.js'),
    define: { __ASSETS__: JSON.stringify(precache), __VERSION__: JSON.stringify(version) },
  });
  await esbuild.stop();
  return { pages, assets, serviceWorker: { contentType: TYPES['.js'], body: Buffer.from(sw.outputFiles[0].contents) }, pageBytes };
}

/** Writes a build to apps/web/dist (pages/*.html, assets/*, sw.js, manifest.json). */
export function writeWebBuild(build: WebBuild, dir = WEB_DIST): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  mkdirSync(join(dir, 'pages'), { recursive: true });
  for (const [name, file] of build.assets) writeFileSync(join(dir, 'assets', name), file.body);
  for (const p of WEB_PAGES) writeFileSync(join(dir, 'pages', `${p}.html`), build.pages[p]);
  writeFileSync(join(dir, 'sw.js'), build.serviceWorker.body);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ pageBytes: build.pageBytes, assets: [...build.assets.keys()] }, null, 2));
}

/** Reads what writeWebBuild wrote (production without esbuild). */
export function readWebBuild(dir = WEB_DIST): WebBuild {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { pageBytes: Record<WebPage, number>; assets: string[] };
  const assets = new Map<string, WebFile>();
  for (const name of manifest.assets) {
    const ext = name.slice(name.lastIndexOf('.'));
    assets.set(name, { contentType: TYPES[ext] ?? 'application/octet-stream', body: readFileSync(join(dir, 'assets', name)) });
  }
  const pages = Object.fromEntries(WEB_PAGES.map((p) => [p, readFileSync(join(dir, 'pages', `${p}.html`), 'utf8')])) as Record<WebPage, string>;
  return { pages, assets, serviceWorker: { contentType: TYPES['.js'], body: readFileSync(join(dir, 'sw.js')) }, pageBytes: manifest.pageBytes };
}

if (typeof require !== 'undefined' && require.main === module) {
  void buildWeb().then((b) => {
    writeWebBuild(b);
    process.stdout.write(`web pages built in ${WEB_DIST}: ${JSON.stringify(b.pageBytes)} bytes\n`);
  });
}
