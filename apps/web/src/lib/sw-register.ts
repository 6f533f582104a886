/**
 * Registers the service worker that keeps the page itself available offline (a tablet rebooted in
 * a depot without network still opens), and puts this page's HTML in the cache it falls back on.
 * Each offline page has its own worker and scope (/sw/tablet.js for /tablet/, /sw/driver.js for
 * /driver), so one page's worker never caches another page's assets. A registration of the retired
 * root worker (/sw.js, scope /) is removed: it would otherwise control the dashboard too.
 * Needs a secure context (HTTPS, or localhost in development).
 */
export const PAGE_CACHE = 'trial-pages';

const WORKERS: ReadonlyArray<{ test: RegExp; script: string; scope: string }> = [
  { test: /^\/tablet\//, script: '/sw/tablet.js', scope: '/tablet/' },
  { test: /^\/driver$/, script: '/sw/driver.js', scope: '/driver' },
];

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !isSecureContext) return;
  const worker = WORKERS.find((w) => w.test.test(location.pathname));
  if (!worker) return;
  void navigator.serviceWorker
    .getRegistrations()
    .then((all) => Promise.all(all.filter((r) => r.scope === `${location.origin}/`).map((r) => r.unregister())))
    .catch(() => undefined);
  navigator.serviceWorker.register(worker.script, { scope: worker.scope }).catch(() => undefined);
  if (navigator.onLine && 'caches' in window) {
    void caches
      .open(PAGE_CACHE)
      .then((c) => c.add(location.pathname))
      .catch(() => undefined);
  }
}
