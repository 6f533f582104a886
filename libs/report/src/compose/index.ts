/**
 * Model → worded document, once per language. Both renderers lay out this same document, so the
 * HTML and the PDF carry the same text and figures; section order follows the content list.
 */
import type { ReportDocument, Section } from '../document';
import type { ReportLang } from '../i18n';
import { CATALOGUE_VERSION } from '../i18n';
import { CRITERIA, type ReportModel } from '../model';
import { queriesSection, recommendationsSection, sourcesSection } from './annex';
import { makeContext } from './context';
import { driverComfortSection, efficiencySection, fuelRangeSection, passengerComfortSection } from './criteria';
import { methodSection, missingSection } from './quality';
import { summarySection } from './summary';
import { driversSection, passengersSection } from './voices';

function queriesUsed(sections: Section[]): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const s of sections) {
    const ids = new Set<string>(s.uses ?? []);
    for (const b of s.blocks) if (b.kind === 'table' || b.kind === 'figure') for (const q of b.queryIds) ids.add(q);
    for (const q of ids) used.set(q, [...(used.get(q) ?? []), s.title]);
  }
  return used;
}

export function composeReport(model: ReportModel, lang: ReportLang): ReportDocument {
  const c = makeContext(model, lang);
  const { t, f } = c;
  const summary = summarySection(c);
  summary.uses = CRITERIA.flatMap((k) => model.criteria[k].comparisons.map((r) => r.queryId));
  const body: Section[] = [
    summary,
    fuelRangeSection(c),
    efficiencySection(c),
    driverComfortSection(c),
    passengerComfortSection(c),
    passengersSection(c),
    driversSection(c),
    methodSection(c),
    missingSection(c),
    recommendationsSection(c),
    sourcesSection(c),
  ];
  const sections = [...body, queriesSection(c, queriesUsed(body))];
  const versions = t('cover.versions', {
    model: model.modelVersion,
    catalogue: CATALOGUE_VERSION,
    code: model.codeVersion,
    factors: model.dataVersions.energyFactors,
    hash: model.dataHash.slice(0, 16),
  });
  return {
    lang,
    title: t('cover.title', { line: model.line.id }),
    subtitle: t('cover.subtitle', { candidate: c.cand, reference: c.ref }),
    cover: [
      t('cover.period', { period: f.dateRange(model.period.from, model.period.to), days: model.period.serviceDates.length }),
      t('cover.line', { line: model.line.id, name: model.line.name }),
      t(model.kind === 'final' ? 'cover.kind.final' : 'cover.kind.interim', { asOf: f.dateTime(model.asOf) }),
      versions,
    ],
    words: {
      contents: t('toc.title'),
      queries: t('section.queries'),
      pageOf: (page, pages) => t('page.of', { page, pages }),
      skip: t('skip'),
      footer: t('footer', { line: model.line.id, candidate: c.cand, reference: c.ref }),
      versions,
      annexRef: t('section.queries'),
    },
    sections,
    dataHash: model.dataHash,
    asOf: model.asOf,
  };
}
