/**
 * The retired root-scope worker (/sw.js) that once served every page, the dashboard included. A
 * browser that still has it installed fetches this version on its next update check: it drops the
 * old shared cache and unregisters itself; the offline pages register their own workers
 * (/sw/tablet.js, /sw/driver.js) with their own scopes.
 */
const retired = self as unknown as {
  addEventListener(type: 'install' | 'activate', l: (e: Event & { waitUntil(p: Promise<unknown>): void }) => void): void;
  skipWaiting(): Promise<void>;
  registration: { unregister(): Promise<boolean> };
};

retired.addEventListener('install', () => void retired.skipWaiting());
retired.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => /^trial-web-[0-9a-f]{12}$/.test(k)).map((k) => caches.delete(k))))
      .then(() => retired.registration.unregister()),
  );
});
