/**
 * The experience report: one model (model.ts), pure renderers (HTML, PDF, school page), the
 * message catalogues and formatting they share. The server's reports module builds the model.
 */
export * from './model';
export * from './sources';
export * from './rules';
export * from './missing';
export * from './redact';
export * from './format';
export * from './i18n';
export { composeReport } from './compose';
export type { ReportDocument } from './document';
export { renderHtml } from './html';
export { renderPdf } from './pdf';
export { renderSchoolPage } from './school';
export { renderReportFiles } from './render';
export { renderReportFilesInProcess } from './render-process';
export { trialReportFixture, missingDataReportFixture } from './fixtures';
