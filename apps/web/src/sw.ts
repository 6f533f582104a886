/**
 * Service worker of the tablet and driver pages: hashed assets cache-first (they never change
 * under a name), pages network-first with the last good copy as the offline fallback. The API is
 * never intercepted: answers go through the IndexedDB outbox, not through a cache.
 */
declare const __ASSETS__: string[];
declare const __VERSION__: string;

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

const CACHE = `trial-web-${__VERSION__}`;
const PAGES = /^\/(tablet\/[A-Z0-9][A-Z0-9-]{1,31}|driver)$/;

sw.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(__ASSETS__)).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('trial-web-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    e.respondWith(
      caches.match(e.request).then((hit) => hit ?? fetch(e.request).then(async (res) => {
        if (res.ok) await (await caches.open(CACHE)).put(e.request, res.clone());
        return res;
      })),
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
