/**
 * Both files of a report version from one composition: the charts are drawn once and the HTML
 * and the PDF are laid out from the same worded document (what the server stores per version).
 */
import { composeReport } from './compose';
import { documentToHtml } from './html';
import type { ReportLang } from './i18n';
import { parseReportModel } from './model';
import { documentToPdf } from './pdf';

export async function renderReportFiles(model: unknown, lang: ReportLang): Promise<{ html: string; pdf: Buffer }> {
  const doc = composeReport(parseReportModel(model), lang);
  return { html: documentToHtml(doc), pdf: await documentToPdf(doc) };
}
