/**
 * The report's HTML and the school page in Debian's Chromium (playwright-core, no browser
 * download): axe-core finds no serious or critical violation, nothing is fetched from the
 * network (the pages are self-contained), nothing overflows sideways, and the school page's type
 * is big enough for a classroom projector. Screenshots go to test-results/report/.
 * Without /usr/bin/chromium these tests are skipped, unless CI=true, where that is a failure.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, expectAccessible, hasChromium, launchChromium, overflowsSideways, requireChromiumInCi } from '../support/browser';
import { missingDataReportFixture, renderHtml, renderSchoolPage, trialReportFixture } from '@app/report';

const SHOTS = resolve('test-results/report');

requireChromiumInCi();

describe.skipIf(!hasChromium)(`report pages in headless Chromium${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM} not found)`}`, () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the page from memory; every network request is refused and recorded. */
  async function open(
    html: string,
    viewport: { width: number; height: number },
  ): Promise<{ page: Page; requests: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return { page, requests, close: () => context.close() };
  }

  for (const [name, model, lang] of [
    ['trial-fr', trialReportFixture, 'fr'],
    ['trial-en', trialReportFixture, 'en'],
    ['missing-fr', missingDataReportFixture, 'fr'],
  ] as const) {
    it(`the report (${name}) passes axe-core, fetches nothing and fits 1280×800`, async () => {
      const { page, requests, close } = await open(renderHtml(model(), lang), { width: 1280, height: 800 });
      try {
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.locator('svg[role="img"] > title').count()).toBeGreaterThanOrEqual(10);
        expect(await overflowsSideways(page)).toBe(false);
        await expectAccessible(page, name);
        expect(requests).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `report-${name}-1280x800.png`), fullPage: true });
        await page.emulateMedia({ media: 'print' });
        await page.screenshot({ path: join(SHOTS, `report-${name}-print.png`) });
      } finally {
        await close();
      }
    });
  }

  const SIZES = [
    { name: 'projector', width: 1024, height: 768 },
    { name: 'tablet', width: 1280, height: 800 },
    { name: 'tablet-portrait', width: 800, height: 1280 },
  ];
  for (const lang of ['fr', 'oc', 'ca', 'en'] as const) {
    it(`the school page (${lang}) passes axe-core and reads on a projector and a tablet`, async () => {
      for (const size of lang === 'fr' ? SIZES : SIZES.slice(0, 1)) {
        const { page, requests, close } = await open(renderSchoolPage(trialReportFixture(), lang), size);
        try {
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          expect(await overflowsSideways(page), `${lang} ${size.name}`).toBe(false);
          // Big type: body text at least 22 px (28 px on a projector-width screen), headings much larger.
          const sizes = await page.evaluate(() => ({
            p: parseFloat(getComputedStyle(document.querySelector('main p')!).fontSize),
            h1: parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize),
          }));
          expect(sizes.p).toBeGreaterThanOrEqual(size.width >= 900 ? 28 : 22);
          expect(sizes.h1).toBeGreaterThanOrEqual(2 * sizes.p);
          await expectAccessible(page, `school ${lang} ${size.name}`);
          expect(requests).toEqual([]);
          await page.screenshot({ path: join(SHOTS, `school-${lang}-${size.width}x${size.height}.png`), fullPage: lang === 'fr' });
        } finally {
          await close();
        }
      }
    });
  }

  it('the school page with missing data still renders and says it', async () => {
    const { page, close } = await open(renderSchoolPage(missingDataReportFixture(), 'fr'), { width: 1024, height: 768 });
    try {
      expect(await page.textContent('.missing')).toContain('le car au gaz n’a pas envoyé ses mesures');
      await expectAccessible(page, 'school missing');
    } finally {
      await close();
    }
  });
});
