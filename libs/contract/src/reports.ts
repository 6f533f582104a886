/**
 * The experience report's HTTP contract (/api/v1/reports): generate a version, list the stored
 * versions with their download links, download one as PDF or HTML. A version is one report
 * (kind, period, language) rendered from the data as it stood (`dataHash`), with the message
 * catalogues (`catalogueVersion`) and the code (`codeVersion`) that rendered it: an unchanged
 * input gives the same bytes, so generating again returns the stored version.
 */
import { z } from 'zod';
// Relative, not '@app/data': the pages import this file and must not bundle the whole data lib.
import { TRIAL_PERIOD } from '../../data/src/trial';
import { MAX_PERIOD_DAYS } from './analytics';
import { PERIOD_TOO_LONG } from './errors';
import { count, instant, serviceDate } from './response-fields';

export const REPORT_KINDS = ['interim', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
/** Languages of the report (the school page also speaks oc and ca: SCHOOL_PAGE_LANGS). */
export const REPORT_LANGS = ['fr', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGS)[number];
export const SCHOOL_PAGE_LANGS = ['fr', 'oc', 'ca', 'en'] as const;
export const REPORT_FORMATS = ['pdf', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** Who asked for a version: the API (a person), the schedule, the CLI, the end of `npm run trial`. */
export const REPORT_TRIGGERS = ['api', 'schedule', 'cli', 'trial'] as const;
export type ReportTrigger = (typeof REPORT_TRIGGERS)[number];

const date = z.iso.date();
const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** The period rule of every report request: from ≤ to, at most MAX_PERIOD_DAYS days. */
export function checkReportPeriod(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const days = daysBetween(q.from, q.to);
  if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `to (${q.to}) is before from (${q.from})` });
  else if (days + 1 > MAX_PERIOD_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      params: { code: PERIOD_TOO_LONG },
      message: `period of ${days + 1} days exceeds the limit of ${MAX_PERIOD_DAYS} days`,
    });
  }
}

/**
 * What to generate. Every field is required: the request stores a version, so nothing is left to
 * a default (an empty body is refused, never a report of the whole trial by accident). The CLI
 * fills in REPORT_DEFAULTS before it validates with the same schema.
 */
export const reportRequestSchema = z
  .strictObject({
    from: date.describe('First service day (Europe/Paris), YYYY-MM-DD'),
    to: date.describe('Last service day (inclusive), YYYY-MM-DD'),
    lang: z.enum(REPORT_LANGS).describe('Language of the report (the figures are the same in both)'),
    kind: z.enum(REPORT_KINDS).describe('interim: during the trial; final: the whole period'),
  })
  .superRefine(checkReportPeriod);

/** The CLI's defaults: the whole trial, in French, final. */
export const REPORT_DEFAULTS = { from: TRIAL_PERIOD.from, to: TRIAL_PERIOD.to, lang: 'fr', kind: 'final' } as const;
export type ReportRequest = z.infer<typeof reportRequestSchema>;

export const reportListQuerySchema = z.strictObject({
  kind: z.enum(REPORT_KINDS).optional().describe('Only this kind'),
  lang: z.enum(REPORT_LANGS).optional().describe('Only this language'),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Newest first, at most this many'),
});
export type ReportListQuery = z.infer<typeof reportListQuerySchema>;

/** `{id}.pdf` / `{id}.html`: the id is the version's UUID. */
export const reportFileParamSchema = z
  .string()
  .regex(/^[0-9a-f-]{36}\.(pdf|html)$/, 'a version id followed by .pdf or .html')
  .transform((v) => ({ id: v.slice(0, 36), format: v.slice(37) as ReportFormat }));

export const schoolPageQuerySchema = z.strictObject({
  lang: z.enum(SCHOOL_PAGE_LANGS).default('fr').describe('fr (default), oc, ca or en'),
});

export const reportVersionSchema = z
  .strictObject({
    id: z.string().describe('UUID of the version'),
    kind: z.enum(REPORT_KINDS),
    from: serviceDate(),
    to: serviceDate(),
    lang: z.enum(REPORT_LANGS),
    asOf: instant('Data included up to this instant (the newest trip end or answer of the period)'),
    dataHash: z
      .string()
      .describe('SHA-256 of the analytics answers the model was built from: the same data gives the same hash and the same bytes'),
    catalogueVersion: z.string().describe('Digest of the message catalogues that worded it'),
    codeVersion: z.string().describe('Version of the code that built and rendered it (package.json version and the report model version)'),
    modelVersion: z.string(),
    trigger: z.enum(REPORT_TRIGGERS),
    createdAt: instant(),
    buildMs: count('Time to build the model and render both files, ms'),
    pdfBytes: count(),
    htmlBytes: count(),
    pdfSha256: z.string(),
    htmlSha256: z.string(),
    links: z.strictObject({ pdf: z.string(), html: z.string() }).describe('Download addresses (same permission as this list)'),
  })
  .meta({ id: 'ReportVersion', description: 'A stored version of the experience report' });
export type ReportVersion = z.infer<typeof reportVersionSchema>;

export const reportGenerationSchema = z
  .strictObject({
    created: z.boolean().describe('false: an identical version (same data, catalogues and code) was already stored and is returned'),
    version: reportVersionSchema,
  })
  .meta({ id: 'ReportGeneration' });
export type ReportGeneration = z.infer<typeof reportGenerationSchema>;
