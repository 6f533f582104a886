/**
 * Model → one self-contained HTML page: inline CSS, inline SVG charts (text as paths), no script,
 * no external resource, readable offline and printable (A4 print styles). Accessible: lang on the
 * page and on quotes in another language, headings h1 → h2 → h3 in order, tables with caption and
 * scoped headers, charts as role="img" with a <title> and a text equivalent, a skip link.
 */
import { composeReport } from './compose';
import type { Block, FigureBlock, ReportDocument, TableBlock, Tone } from './document';
import type { ReportLang } from './i18n';
import { reportTranslator } from './i18n';
import { parseReportModel } from './model';

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The chart's SVG made accessible: role="img", labelled by its own <title>. */
export function accessibleSvg(svg: string, id: string, alt: string): string {
  return svg.replace(
    /^<svg ([^>]*)>/,
    `<svg $1 class="chart" role="img" aria-labelledby="${id}-title" focusable="false"><title id="${id}-title">${escapeHtml(alt)}</title>`,
  );
}

const CSS = `
:root{--ink:#1f2328;--muted:#4d5560;--line:#c9cfd5;--soft:#f2f4f6;--better:#17795a;--worse:#a3400f;--same:#4a5561;--insufficient:#7a5a00;--missing:#fff6db}
*{box-sizing:border-box}
html{font-family:"DejaVu Sans",Verdana,"Segoe UI",system-ui,sans-serif;color:var(--ink);background:#fff;line-height:1.5}
body{margin:0}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;border:2px solid var(--ink)}
.skip:focus{left:1rem}
header.cover,main,footer{max-width:62rem;margin:0 auto;padding:0 1.25rem}
header.cover{padding-top:2.5rem;padding-bottom:1.5rem;border-bottom:4px solid var(--better)}
h1{font-size:2rem;line-height:1.2;margin:.2rem 0 .6rem}
.subtitle{font-size:1.2rem;margin:0 0 1rem}
.cover-lines{margin:0;padding:0;list-style:none;color:var(--muted)}
.cover-lines li{margin:.15rem 0}
nav.toc{margin:1.5rem 0;padding:1rem 1.25rem;background:var(--soft);border-radius:6px}
nav.toc h2{margin:0 0 .5rem;font-size:1.2rem;border:0;padding:0}
nav.toc ol{margin:0;padding-left:1.4rem;columns:2;column-gap:2rem}
nav.toc a{color:var(--ink)}
section{margin:2.5rem 0}
h2{font-size:1.5rem;margin:0 0 1rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
h3{font-size:1.15rem;margin:1.8rem 0 .6rem}
p{margin:.6rem 0}
p.lead{font-size:1.08rem;font-weight:bold}
p.note{color:var(--muted);font-size:.92rem}
.missing{background:var(--missing);border-left:5px solid var(--insufficient);padding:.6rem .9rem .6rem 2rem;border-radius:4px}
ul.missing{padding-left:2.2rem}
p.missing{padding-left:.9rem}
.verdicts{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:.9rem;margin:1rem 0}
.verdict{border:1px solid var(--line);border-left:6px solid var(--same);border-radius:6px;padding:.7rem .9rem}
.verdict h3{margin:0 0 .35rem;font-size:1.05rem;display:flex;justify-content:space-between;gap:.5rem;align-items:baseline}
.verdict .badge{font-size:.8rem;font-weight:normal;padding:.05rem .5rem;border-radius:1rem;color:#fff;background:var(--same);white-space:nowrap}
.verdict p{margin:.25rem 0}
.verdict .figures{color:var(--muted);font-size:.9rem}
.tone-better{border-left-color:var(--better)}.tone-better .badge{background:var(--better)}
.tone-worse{border-left-color:var(--worse)}.tone-worse .badge{background:var(--worse)}
.tone-insufficient{border-left-color:var(--insufficient)}.tone-insufficient .badge{background:var(--insufficient)}
.table-wrap{overflow-x:auto;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;vertical-align:top}
thead th{background:var(--soft);text-align:left}
tbody th{text-align:left;font-weight:normal}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.small{font-size:.82rem}
td code,td.code{font-family:"DejaVu Sans Mono",monospace;font-size:.8rem;word-break:break-all}
.qnote{color:var(--muted);font-size:.8rem;margin:.2rem 0 0}
figure{margin:1.2rem 0}
svg.chart{display:block;width:100%;max-width:720px;height:auto;border:1px solid var(--soft)}
figcaption{font-size:.9rem;color:var(--muted);margin-top:.3rem}
blockquote{margin:.8rem 0;padding:.4rem 1rem;border-left:4px solid var(--line);background:var(--soft)}
blockquote p{margin:0}
blockquote footer{font-size:.82rem;color:var(--muted);padding:0;margin:.2rem 0 0}
footer.page{border-top:1px solid var(--line);margin-top:3rem;padding-top:1rem;padding-bottom:2rem;color:var(--muted);font-size:.82rem}
@media print{
  @page{size:A4;margin:16mm 14mm}
  html{font-size:10.5pt}
  .skip,nav.toc{display:none}
  header.cover{border-bottom:0;min-height:80vh}
  section{break-before:page;margin:0}
  figure,table,.verdict,blockquote{break-inside:avoid}
  h2,h3{break-after:avoid}
  .table-wrap{overflow:visible}
  svg.chart{max-width:100%}
}
`.trim();

const TONE_KEY: Record<Tone, 'reading.better' | 'reading.worse' | 'reading.same' | 'reading.insufficient'> = {
  better: 'reading.better',
  worse: 'reading.worse',
  same: 'reading.same',
  insufficient: 'reading.insufficient',
};

function table(b: TableBlock, doc: ReportDocument): string {
  const head = b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = b.rows
    .map(
      (r) =>
        `<tr>${r
          .map((cell, i) => {
            if (i === 0) return `<th scope="row">${escapeHtml(cell)}</th>`;
            const isRequest = cell.startsWith('GET /api/');
            const lang = b.columnLang?.[i] ? ` lang="${b.columnLang[i]}"` : '';
            return `<td${b.numeric[i] ? ' class="num"' : isRequest ? ' class="code"' : ''}${lang}>${escapeHtml(cell)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const note = b.queryIds.length ? `<p class="qnote">${escapeHtml(queryLine(doc, b.queryIds))}</p>` : '';
  return `<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${b.id}-caption"><table id="${b.id}"${b.small ? ' class="small"' : ''}><caption id="${b.id}-caption">${escapeHtml(b.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>${note}`;
}

const queryLine = (doc: ReportDocument, ids: readonly string[]) =>
  reportTranslator(doc.lang)('query.note', { ids: [...new Set(ids)].join(', ') });

function figureHtml(b: FigureBlock, doc: ReportDocument): string {
  return `<figure id="${b.id}">${accessibleSvg(b.svg, b.id, b.alt)}<figcaption>${escapeHtml(b.caption)}. ${escapeHtml(queryLine(doc, b.queryIds))}</figcaption></figure>`;
}

function block(b: Block, doc: ReportDocument): string {
  const t = reportTranslator(doc.lang);
  switch (b.kind) {
    case 'heading':
      return `<h3 id="${b.id}">${escapeHtml(b.text)}</h3>`;
    case 'paragraph':
      return `<p${b.tone ? ` class="${b.tone}"` : ''}>${escapeHtml(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}${b.tone ? ` class="${b.tone}"` : ''}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</${tag}>`;
    }
    case 'verdicts':
      return `<div class="verdicts">${b.items.map((v) => `<article class="verdict tone-${v.tone}"><h3>${escapeHtml(v.title)} <span class="badge">${escapeHtml(t(TONE_KEY[v.tone]))}</span></h3><p>${escapeHtml(v.verdict)}</p><p class="figures">${escapeHtml(v.figures)}</p></article>`).join('')}</div>`;
    case 'quote':
      return `<blockquote lang="${b.lang}"><p>${escapeHtml(b.text)}</p><footer lang="${doc.lang}">${escapeHtml(b.cite)}</footer></blockquote>`;
    case 'table':
      return table(b, doc);
    case 'figure':
      return figureHtml(b, doc);
  }
}

export function documentToHtml(doc: ReportDocument): string {
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  const sections = doc.sections
    .map(
      (s) =>
        `<section id="${s.id}" aria-labelledby="${s.id}-h"><h2 id="${s.id}-h">${escapeHtml(s.title)}</h2>${s.blocks.map((b) => block(b, doc)).join('\n')}</section>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="libs/report">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">${escapeHtml(doc.words.skip)}</a>
<header class="cover"><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p><ul class="cover-lines">${doc.cover.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul></header>
<main id="main">
<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">${escapeHtml(doc.words.contents)}</h2><ol>${toc}</ol></nav>
${sections}
</main>
<footer class="page"><p>${escapeHtml(doc.words.footer)}</p><p>${escapeHtml(doc.words.versions)}</p></footer>
</body>
</html>
`;
}

/** The report as a self-contained HTML page (pure: the same model gives the same bytes). */
export function renderHtml(model: unknown, lang: ReportLang): string {
  return documentToHtml(composeReport(parseReportModel(model), lang));
}
