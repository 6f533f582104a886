/**
 * Browser tests' shared parts: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), the CI rule (without /usr/bin/chromium the tests are skipped, unless CI=true, where
 * that is a failure), and the axe-core check every page passes (no serious or critical violation).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** Appended to a suite's title when it is skipped, so the skip says why. */
export const skippedWithoutChromium = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM} not found; apt-get install chromium)`;

/** Registers the failing test that stands for skipped browser tests in CI. */
export function requireChromiumInCi(): void {
  describe.runIf(!hasChromium && process.env.CI === 'true')('browser prerequisites', () => {
    it('has Debian chromium at /usr/bin/chromium (required when CI=true)', () => {
      throw new Error(`${CHROMIUM} is missing: install it with apt-get install chromium (browser tests cannot be skipped in CI)`);
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

const AXE = readFileSync(resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

type AxeResult = { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> };

/** axe-core over WCAG 2.2 AA and best practice: no serious or critical violation (the page needs bypassCSP for the injection). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: unknown): Promise<AxeResult> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${what}: ${JSON.stringify(blocking, null, 1)}`).toEqual([]);
}

export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
