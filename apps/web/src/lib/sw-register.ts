/**
 * Registers the service worker that keeps the page itself available offline (a tablet rebooted in
 * a depot without network still opens), and puts this page's HTML in the cache it falls back on.
 * Needs a secure context (HTTPS, or localhost in development).
 */
export const PAGE_CACHE = 'trial-pages';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (navigator.onLine && 'caches' in window) {
    void caches.open(PAGE_CACHE).then((c) => c.add(location.pathname)).catch(() => undefined);
  }
}
