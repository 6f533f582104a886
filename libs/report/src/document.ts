/**
 * The report as worded, language-bound content: sections of headings, paragraphs, tables and
 * figures, all text already formatted. compose.ts builds it once from the model; the HTML and PDF
 * renderers only lay it out, so both carry the same words and figures.
 */
import type { ChartSpec } from './charts';

export type Tone = 'better' | 'worse' | 'same' | 'insufficient';

export interface TableBlock {
  kind: 'table';
  id: string;
  caption: string;
  head: string[];
  rows: string[][];
  /** Right-aligned (numeric) columns. */
  numeric: boolean[];
  /** Language of a column's cells when not the document's (sources quoted in English). */
  columnLang?: Array<string | null>;
  /** Relative column widths for the PDF (sum free). */
  widths?: number[];
  /** The queries behind its figures (printed under it, listed in the annex). */
  queryIds: string[];
  small?: boolean;
}

export interface FigureBlock {
  kind: 'figure';
  id: string;
  caption: string;
  /** Text equivalent of the chart for screen readers and the PDF's alt text. */
  alt: string;
  chart: ChartSpec;
  svg: string;
  queryIds: string[];
}

export interface VerdictItem {
  criterion: string;
  title: string;
  verdict: string;
  figures: string;
  tone: Tone;
}

export type Block =
  | { kind: 'heading'; level: 3; id: string; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'lead' | 'note' | 'missing' }
  | { kind: 'list'; items: string[]; tone?: 'missing'; ordered?: boolean }
  | { kind: 'verdicts'; items: VerdictItem[] }
  | { kind: 'quote'; text: string; cite: string; lang: string }
  | TableBlock
  | FigureBlock;

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
  /** Queries its text rests on beyond those of its tables and figures (for the annex). */
  uses?: string[];
}

export interface ReportDocument {
  lang: 'fr' | 'en';
  title: string;
  subtitle: string;
  /** Cover lines under the title (period, vehicles, status, versions). */
  cover: string[];
  /** Short words the layouts need. */
  words: {
    contents: string;
    queries: string;
    pageOf: (page: number, pages: number) => string;
    skip: string;
    footer: string;
    versions: string;
    annexRef: string;
  };
  sections: Section[];
  /** Stable digest of the data (seeds the PDF's id). */
  dataHash: string;
  /** Creation date written into the PDF: the model's asOf, never the clock. */
  asOf: string;
}
