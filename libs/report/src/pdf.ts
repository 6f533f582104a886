/**
 * Model → A4 PDF (pdfmake 0.3, server side): a cover, a table of contents with page numbers, the
 * sections, "page X sur Y" footers, charts as vector SVG, DejaVu Sans embedded (subset).
 *
 * Page numbers are the physical ones everywhere: pdfmake's TOC counts the cover as page 1 and has
 * no page-number offset (pdfmake #1270), so the footers count it too (the cover just has no
 * footer). The TOC, the footers and a PDF viewer's page field then all agree.
 *
 * Deterministic bytes: creation and modification dates are the model's asOf, producer and creator
 * are fixed, and the file ID — which pdfkit derives from the info dictionary — includes the data
 * hash; nothing reads the clock or a random source.
 */
import pdfmake from 'pdfmake';
import type { Content, ContentTable, CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces';
import { composeReport } from './compose';
import type { Block, ReportDocument, TableBlock, Tone } from './document';
import { FONT_DIR, FONT_FILES } from './fonts';
import { reportTranslator, type ReportLang } from './i18n';
import { parseReportModel } from './model';

const FONT = 'DejaVuSans';
const INK = '#1f2328';
const MUTED = '#4d5560';
const LINE = '#c9cfd5';
const SOFT = '#f2f4f6';
const TONES: Record<Tone, string> = { better: '#17795a', worse: '#a3400f', same: '#4a5561', insufficient: '#7a5a00' };
/** Short sections that follow the previous one on the same page. */
const FOLLOW_ON = new Set(['drivers', 'recommendations']);
/** A4 width 595.28 pt less the side margins. */
const CONTENT_WIDTH = 595.28 - 2 * 48;

// Fonts come only from the installed dejavu-fonts-ttf; no URL is ever fetched.
pdfmake.setFonts({ [FONT]: { ...FONT_FILES } });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(FONT_DIR));

const GRID: CustomTableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => LINE,
  vLineColor: () => LINE,
  fillColor: (row: number) => (row === 0 ? SOFT : null),
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 2.5,
  paddingBottom: () => 2.5,
};
const BOX = (fill: string, bar: string): CustomTableLayout => ({
  hLineWidth: () => 0,
  vLineWidth: (i: number) => (i === 0 ? 4 : 0),
  vLineColor: () => bar,
  fillColor: () => fill,
  paddingLeft: () => 10,
  paddingRight: () => 8,
  paddingTop: () => 6,
  paddingBottom: () => 6,
});

/** Long unbroken strings (URLs, ids) may break after these characters. */
const breakable = (s: string) => s.replace(/([?&/=,.])(?=\S)/g, '$1\u200b');

function table(b: TableBlock, t: ReturnType<typeof reportTranslator>): Content {
  const total = (b.widths ?? b.head.map(() => 1)).reduce((s, w) => s + w, 0);
  const widths = (b.widths ?? b.head.map(() => 1)).map((w) => (w / total) * (CONTENT_WIDTH - b.head.length * 8.5));
  const fontSize = b.small ? 7.5 : 8.5;
  const body = [
    b.head.map((h, i) => ({ text: h, bold: true, alignment: b.numeric[i] ? 'right' : 'left' })),
    ...b.rows.map((r) =>
      r.map((cell, i) => ({
        text: cell.startsWith('GET /') || (i === 0 && !/\s/.test(cell)) ? breakable(cell) : cell,
        alignment: b.numeric[i] ? 'right' : 'left',
      })),
    ),
  ];
  const out: Content[] = [
    { text: b.caption, bold: true, fontSize: 9.5, margin: [0, 8, 0, 3], keepWithNext: true } as Content,
    { table: { headerRows: 1, dontBreakRows: true, widths, body }, layout: GRID, fontSize } as ContentTable,
  ];
  if (b.queryIds.length)
    out.push({ text: t('query.note', { ids: [...new Set(b.queryIds)].join(', ') }), fontSize: 7.5, color: MUTED, margin: [0, 2, 0, 4] });
  // The space after the table belongs inside the block: as the block's own margin it could spill
  // alone onto a new page when the table ends a page exactly (seen: a blank page before annex B).
  const last = out[out.length - 1] as { margin?: number[] };
  last.margin = [...(last.margin ?? [0, 0, 0, 0]).slice(0, 3), ((last.margin ?? [0, 0, 0, 0])[3] ?? 0) + 6];
  // A short table stays whole with its caption; a long one breaks between rows and repeats its header.
  return { stack: out, unbreakable: b.rows.length <= 25 } as Content;
}

function block(b: Block, doc: ReportDocument): Content {
  const t = reportTranslator(doc.lang);
  switch (b.kind) {
    case 'heading':
      return { text: b.text, style: 'h3' };
    case 'paragraph':
      if (b.tone === 'missing') return box({ text: b.text }, '#fff6db', TONES.insufficient);
      return { text: b.text, style: b.tone === 'lead' ? 'lead' : b.tone === 'note' ? 'note' : 'body' };
    case 'list': {
      const list: Content = b.ordered
        ? ({ ol: b.items.map((i) => ({ text: i, margin: [0, 0, 0, 4] })), style: 'body' } as Content)
        : ({ ul: b.items.map((i) => ({ text: i, margin: [0, 0, 0, 3] })), style: 'body' } as Content);
      return b.tone === 'missing' ? box(list, '#fff6db', TONES.insufficient) : list;
    }
    case 'verdicts':
      return {
        stack: b.items.map((v) =>
          box(
            {
              stack: [
                {
                  columns: [
                    { text: v.title, bold: true, fontSize: 11 },
                    { text: t(`reading.${v.tone}`), alignment: 'right', color: TONES[v.tone], bold: true, fontSize: 9, width: 'auto' },
                  ],
                },
                { text: v.verdict, margin: [0, 3, 0, 2] },
                { text: v.figures, fontSize: 8.5, color: MUTED },
              ],
            },
            '#ffffff',
            TONES[v.tone],
            true,
          ),
        ),
        margin: [0, 4, 0, 6],
      };
    case 'quote':
      return box(
        {
          stack: [
            { text: doc.lang === 'fr' ? `«\u00a0${b.text}\u00a0»` : `“${b.text}”`, italics: true },
            { text: b.cite, fontSize: 8, color: MUTED, margin: [0, 2, 0, 0] },
          ],
        },
        SOFT,
        LINE,
      );
    case 'table':
      return table(b, t);
    case 'figure': {
      const width = Math.min(CONTENT_WIDTH, b.chart.width * 0.68);
      return {
        stack: [
          { svg: b.svg, width, alignment: 'center' },
          {
            text: `${b.caption}. ${t('query.note', { ids: [...new Set(b.queryIds)].join(', ') })}`,
            fontSize: 8,
            color: MUTED,
            margin: [0, 3, 0, 0],
          },
        ],
        unbreakable: true,
        margin: [0, 6, 0, 8],
      } as Content;
    }
  }
}

function box(content: Content, fill: string, bar: string, keep = false): Content {
  return {
    table: { widths: ['*'], body: [[content]], dontBreakRows: true },
    layout: BOX(fill, bar),
    margin: [0, 3, 0, 5],
    unbreakable: keep,
  } as Content;
}

/** The worded document laid out as a pdfmake definition. */
export function documentToPdfDefinition(doc: ReportDocument): TDocumentDefinitions {
  const cover: Content[] = [
    { text: '', margin: [0, 120, 0, 0] },
    { canvas: [{ type: 'rect', x: 0, y: 0, w: 60, h: 6, color: TONES.better }] },
    { text: doc.title, style: 'title', margin: [0, 14, 0, 10] },
    { text: doc.subtitle, fontSize: 14, margin: [0, 0, 0, 30] },
    ...doc.cover.slice(0, 3).map((l) => ({ text: l, fontSize: 11, margin: [0, 0, 0, 5] }) as Content),
    { text: doc.cover[3] ?? '', fontSize: 7.5, color: MUTED, margin: [0, 200, 0, 0] },
  ];
  const sections: Content[] = doc.sections.map((s, i) => ({
    stack: [
      {
        text: s.title,
        style: 'h2',
        tocItem: true,
        id: `section-${s.id}`,
        pageBreak: i === 0 || FOLLOW_ON.has(s.id) ? undefined : 'before',
        margin: FOLLOW_ON.has(s.id) ? [0, 18, 0, 8] : undefined,
      } as Content,
      ...s.blocks.map((b) => block(b, doc)),
    ],
  }));
  return {
    pageSize: 'A4',
    pageMargins: [48, 50, 48, 56],
    language: doc.lang === 'fr' ? 'fr-FR' : 'en-GB',
    info: {
      title: doc.title,
      subject: doc.subtitle,
      author: doc.words.footer,
      creator: 'libs/report',
      producer: 'pdfmake 0.3',
      creationDate: new Date(doc.asOf),
      modDate: new Date(doc.asOf),
      // Custom entry: pdfkit's file ID is an MD5 of the info dictionary, so it follows the data.
      dataHash: doc.dataHash,
    } as TDocumentDefinitions['info'],
    defaultStyle: { font: FONT, fontSize: 9.5, lineHeight: 1.25, color: INK },
    styles: {
      title: { fontSize: 24, bold: true, lineHeight: 1.15 },
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 12] },
      h2: { fontSize: 16, bold: true, margin: [0, 0, 0, 8] },
      h3: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      lead: { fontSize: 10.5, bold: true, margin: [0, 3, 0, 5] },
      body: { margin: [0, 2, 0, 4] },
      note: { fontSize: 8.5, color: MUTED, margin: [0, 2, 0, 4] },
    },
    content: [
      ...cover,
      { text: '', pageBreak: 'after' },
      { toc: { title: { text: doc.words.contents, style: 'h1' }, numberStyle: { bold: true } } } as Content,
      { text: '', pageBreak: 'after' },
      ...sections,
    ],
    footer: (page: number, pages: number) =>
      page === 1
        ? { text: '' }
        : {
            columns: [
              { text: doc.words.footer, fontSize: 7.5, color: MUTED },
              { text: doc.words.pageOf(page, pages), alignment: 'right', fontSize: 8, width: 'auto' },
            ],
            margin: [48, 20, 48, 0],
          },
  };
}

export const documentToPdf = (doc: ReportDocument): Promise<Buffer> => pdfmake.createPdf(documentToPdfDefinition(doc)).getBuffer();

/** The report as an A4 PDF (pure: the same model gives the same bytes). */
export async function renderPdf(model: unknown, lang: ReportLang): Promise<Buffer> {
  return documentToPdf(composeReport(parseReportModel(model), lang));
}
