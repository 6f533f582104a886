/**
 * The end of `npm run trial`: the rollups brought up to date, then the final report of the
 * replayed period built by the running server's reports service (stored as a version like any
 * other, trigger `trial`) and written as PDF and HTML, French and English, into one folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPORT_LANGS } from '@app/contract';
import type { RunningServer } from '../../server/src/bootstrap';
import type { AppConfig } from '../../server/src/config/app-config';
import { RollupService } from '../../server/src/analytics/rollup.service';
import { ReportsService } from '../../server/src/reports/reports.service';

export async function writeFinalReport(
  server: RunningServer,
  config: AppConfig,
  period: { from: string; to: string },
): Promise<{ folder: string; lines: string[] }> {
  // The last minutes of the replay may not be rolled up yet: the report must see them.
  await server.app.get(RollupService, { strict: false }).runUntilClean();
  const reports = server.app.get(ReportsService, { strict: false });
  const files = await reports.generateLanguages('final', period, REPORT_LANGS, { trigger: 'trial' });
  const folder = resolve(join(config.DATA_DIR, 'reports', `final-${period.from}-${period.to}`));
  mkdirSync(folder, { recursive: true });
  const lines: string[] = [];
  for (const f of files) {
    const base = join(folder, `retour-experience-${f.version.lang}`);
    writeFileSync(`${base}.pdf`, f.pdf);
    writeFileSync(`${base}.html`, f.html);
    lines.push(
      `  ${f.version.lang}: ${base}.pdf, ${base}.html (version ${f.version.id}, data ${f.version.dataHash.slice(0, 12)}, ${(f.version.buildMs / 1000).toFixed(1)} s)`,
    );
  }
  return { folder, lines };
}
