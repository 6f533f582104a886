/**
 * Report versions: build the model (ReportBuilder), render it (libs/report), store the version
 * with the digest of its data, the catalogue version and the code version. Generating from
 * unchanged data returns the version already stored (same key, same bytes) instead of a copy;
 * the unique index makes that hold across processes. Also the school page's model: the newest
 * stored version of the trial, or one built on demand and cached while the data does not change.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type {
  ReportFormat,
  ReportGeneration,
  ReportKind,
  ReportLanguage,
  ReportListQuery,
  ReportTrigger,
  ReportVersion,
} from '@app/contract';
import {
  CATALOGUE_VERSION,
  parseReportModel,
  renderReportFilesInProcess,
  renderSchoolPage,
  type ReportModel,
  type SchoolLang,
} from '@app/report';
import { AnalyticsRepository } from '../analytics/analytics.repository';
import { ApiException } from '../common/api-error';
import { TrialService } from '../trial/trial.service';
import { codeVersion } from './code-version';
import { ReportBuilder, type BuiltModel } from './report-builder.service';
import type { ProgressListener, ReportPeriod } from './report-inputs';
import { ReportsRepository, type VersionRow } from './reports.repository';

export interface GenerateRequest {
  kind: ReportKind;
  from: string;
  to: string;
  lang: ReportLanguage;
}
export interface GenerateOptions {
  trigger: ReportTrigger;
  createdBy?: string | null;
  onProgress?: ProgressListener;
  onRender?: (lang: ReportLanguage) => void;
}
export interface StoredFiles {
  version: ReportVersion;
  created: boolean;
  pdf: Buffer;
  html: string;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function toVersion(r: VersionRow): ReportVersion {
  return {
    id: r.id,
    kind: r.kind,
    from: r.period_from,
    to: r.period_to,
    lang: r.lang,
    asOf: r.as_of.toISOString(),
    dataHash: r.data_hash,
    catalogueVersion: r.catalogue_version,
    codeVersion: r.code_version,
    modelVersion: r.model_version,
    trigger: r.trigger,
    createdAt: r.created_at.toISOString(),
    buildMs: r.build_ms,
    pdfBytes: Number(r.pdf_bytes),
    htmlBytes: Number(r.html_bytes),
    pdfSha256: r.pdf_sha256,
    htmlSha256: r.html_sha256,
    links: { pdf: `/api/v1/reports/${r.id}.pdf`, html: `/api/v1/reports/${r.id}.html` },
  };
}

@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);
  private school: { key: string; model: ReportModel } | null = null;
  private schoolBuild: Promise<ReportModel> | null = null;

  constructor(
    private readonly builder: ReportBuilder,
    private readonly repository: ReportsRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly trial: TrialService,
  ) {}

  /** One version (one language); the stored one when the data, catalogues and code are unchanged. */
  async generate(req: GenerateRequest, options: GenerateOptions): Promise<ReportGeneration> {
    const [one] = await this.generateLanguages(req.kind, req, [req.lang], options);
    return { created: one.created, version: one.version };
  }

  /** Versions in several languages from one model (the schedule, the trial): the figures are built once. */
  async generateLanguages(
    kind: ReportKind,
    period: ReportPeriod,
    langs: readonly ReportLanguage[],
    options: GenerateOptions,
  ): Promise<StoredFiles[]> {
    const built = await this.builder.build(kind, period, options.onProgress);
    const out: StoredFiles[] = [];
    for (const lang of langs) out.push(await this.store(built, lang, options));
    return out;
  }

  private async store(built: BuiltModel, lang: ReportLanguage, options: GenerateOptions): Promise<StoredFiles> {
    const { model } = built;
    const key = {
      kind: model.kind,
      from: model.period.from,
      to: model.period.to,
      lang,
      dataHash: built.dataHash,
      catalogueVersion: CATALOGUE_VERSION,
      codeVersion: codeVersion(),
    };
    const existing = await this.repository.findVersion(key);
    if (existing) {
      const files = await this.files(existing.id);
      return { version: toVersion(existing), created: false, ...files };
    }
    options.onRender?.(lang);
    const started = performance.now();
    // Off the event loop: the layout is seconds of synchronous work (render-process.ts).
    const { html, pdf } = await renderReportFilesInProcess(model, lang);
    const row = await this.repository.insertVersion({
      id: randomUUID(),
      ...key,
      asOf: model.asOf,
      modelVersion: model.modelVersion,
      trigger: options.trigger,
      createdBy: options.createdBy ?? null,
      buildMs: built.ms + performance.now() - started,
      model,
      html: Buffer.from(html, 'utf8'),
      pdf,
      htmlSha256: sha256(html),
      pdfSha256: sha256(pdf),
    });
    if (!row) {
      // Another process stored the same version meanwhile: the same bytes, kept once.
      const other = await this.repository.findVersion(key);
      if (!other) throw new Error('report version vanished after a conflicting insert');
      return { version: toVersion(other), created: false, html, pdf };
    }
    this.logger.log(
      `report ${row.kind} ${row.period_from}…${row.period_to} ${lang} stored (${row.id}, data ${built.dataHash.slice(0, 12)}, ${Math.round(row.build_ms)} ms)`,
    );
    return { version: toVersion(row), created: true, html, pdf };
  }

  async list(q: ReportListQuery): Promise<ReportVersion[]> {
    return (await this.repository.listVersions(q)).map(toVersion);
  }

  async file(id: string, format: ReportFormat): Promise<{ version: ReportVersion; body: Buffer }> {
    const f = await this.repository.versionFile(id, format);
    if (!f) throw new ApiException(404, 'not_found', 'no such report version');
    return { version: toVersion(f.row), body: f.body };
  }

  private async files(id: string): Promise<{ pdf: Buffer; html: string }> {
    const pdf = await this.repository.versionFile(id, 'pdf');
    const html = await this.repository.versionFile(id, 'html');
    return { pdf: pdf!.body, html: html!.body.toString('utf8') };
  }

  /** The public school page (/decouvrir) in one of its languages. */
  async schoolPage(lang: SchoolLang): Promise<string> {
    return renderSchoolPage(await this.schoolModel(), lang);
  }

  /**
   * The model the school page shows: the newest stored version of the trial period, else one built
   * now and kept while no rollup and no rating changed (a public page must not rebuild per visit);
   * concurrent visitors share one build.
   */
  async schoolModel(): Promise<ReportModel> {
    const { from, to } = await this.trial.sides();
    const stored = await this.repository.latestModel(from, to);
    if (stored) return parseReportModel(stored.model);
    const key = `${await this.analytics.rollupVersion()}|${await this.analytics.ratingsVersion()}|${await this.trial.version()}`;
    if (this.school?.key === key) return this.school.model;
    this.schoolBuild ??= this.builder
      .build('interim', { from, to })
      .then((b) => {
        this.school = { key, model: b.model };
        return b.model;
      })
      .finally(() => {
        this.schoolBuild = null;
      });
    return this.schoolBuild;
  }
}
