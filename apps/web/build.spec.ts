import { describe, expect, it } from 'vitest';
import { buildWeb, DASHBOARD_JS_BUDGET_GZIP, OFFLINE_PAGES, type WebBuild } from './build';

describe('web build', () => {
  let build: WebBuild;

  it('builds every page', async () => {
    build = await buildWeb();
    for (const p of ['tablet', 'driver', 'dashboard'] as const) expect(build.pages[p]).toMatch(new RegExp(`/assets/${p}-[A-Z0-9]+\\.js`));
  });

  it(`keeps the dashboard's JavaScript within ${DASHBOARD_JS_BUDGET_GZIP / 1024} KB gzipped (the build itself refuses more)`, () => {
    expect(build.pageGzipBytes.dashboard.js).toBeGreaterThan(10_000);
    expect(build.pageGzipBytes.dashboard.js).toBeLessThanOrEqual(DASHBOARD_JS_BUDGET_GZIP);
  });

  it("gives each offline page its own worker, which precaches only that page's assets (never the dashboard's)", () => {
    const dashboardAssets = [...build.assets.keys()].filter((n) => n.startsWith('dashboard'));
    expect(dashboardAssets.length).toBeGreaterThan(0);
    for (const p of OFFLINE_PAGES) {
      expect(build.precache[p]).toHaveLength(2);
      for (const url of build.precache[p]) expect(url).toMatch(new RegExp(`^/assets/${p}(-style)?-[A-Z0-9]+\\.(js|css)$`));
      const worker = build.serviceWorkers[p].body.toString();
      for (const url of build.precache[p]) expect(worker).toContain(url);
      for (const name of dashboardAssets) expect(worker).not.toContain(name);
      const other = OFFLINE_PAGES.find((x) => x !== p)!;
      for (const url of build.precache[other]) expect(worker).not.toContain(url);
    }
    expect(build.serviceWorker.body.toString()).toContain('unregister');
  });
});
