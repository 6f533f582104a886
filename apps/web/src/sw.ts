/**
 * Service worker of one offline page (tablet or driver; the build makes one per page, each told
 * only its own assets): hashed assets cache-first (they never change under a name), the page
 * network-first with the last good copy as the offline fallback. The API is never intercepted:
 * answers go through the IndexedDB outbox, not through a cache. The dashboard has no worker.
 */
declare const __PAGE__: string;
declare const __ASSETS__: string[];
declare const __VERSION__: string;
declare const __PAGE_PATTERN__: string;

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
const sw = self as unknown as {
  addEventListener(type: 'install' | 'activate', l: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', l: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
};

const PREFIX = `trial-web-${__PAGE__}-`;
const CACHE = `${PREFIX}${__VERSION__}`;
const PAGES = new RegExp(__PAGE_PATTERN__);
/** The caches of the retired one-worker-for-all (trial-web-<hash>), dropped on the way. */
const LEGACY = /^trial-web-[0-9a-f]{12}$/;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(__ASSETS__))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => (k.startsWith(PREFIX) && k !== CACHE) || LEGACY.test(k)).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    e.respondWith(
      caches.match(e.request, { cacheName: CACHE }).then(
        (hit) =>
          hit ??
          fetch(e.request).then(async (res) => {
            if (res.ok) await (await caches.open(CACHE)).put(e.request, res.clone());
            return res;
          }),
      ),
    );
  } else if (e.request.mode === 'navigate' && PAGES.test(url.pathname)) {
    const key = new Request(url.origin + url.pathname);
    e.respondWith(
      fetch(e.request)
        .then(async (res) => {
          if (res.ok) await (await caches.open(CACHE)).put(key, res.clone());
          return res;
        })
        .catch(async () => (await caches.match(key)) ?? Response.error()),
    );
  }
});
