/**
 * A data table: a caption, sortable columns (buttons in the headers, aria-sort), a text filter
 * over the shown cells, and the CSV download of the same rows from the API (`?format=csv`).
 * Cells are text (textContent) or nodes the page built: never HTML strings.
 */
import { h } from '../../lib/dom';
import { t } from '../i18n';

export interface Column<R> {
  key: string;
  label: string;
  /** What sorting compares (numbers, strings); null sorts last. */
  value: (row: R) => number | string | boolean | null | undefined;
  /** What the cell shows; default: the value as text. */
  cell?: (row: R) => Node | string;
  numeric?: boolean;
  /** Long text (comments, methods) wraps; other cells stay on one line. */
  wrap?: boolean;
}

export interface TableOptions<R> {
  caption: string;
  columns: Array<Column<R>>;
  rows: R[];
  /** The API's CSV of these rows. */
  csvHref?: string;
  csvName?: string;
  /** Filter box (on by default for more than 10 rows). */
  filter?: boolean;
  initialSort?: { key: string; dir: 'ascending' | 'descending' };
  /** Attributes per row (e.g. data-state). */
  rowAttrs?: (row: R) => Record<string, string>;
  empty?: string;
  /** Rows shown at most (the CSV has them all). */
  limit?: number;
}

let tableSeq = 0;

export function dataTable<R>(o: TableOptions<R>): HTMLElement {
  const id = `table-${++tableSeq}`;
  let sort = o.initialSort ?? null;
  let query = '';
  const body = h('tbody');
  const headRow = h('tr');
  const count = h('span', { class: 'table-count', 'aria-live': 'polite' });
  const ths = o.columns.map((c) => {
    const button = h('button', { type: 'button', class: 'sort', 'data-sort': c.key }, c.label);
    const th = h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, button);
    button.addEventListener('click', () => {
      sort = { key: c.key, dir: sort?.key === c.key && sort.dir === 'ascending' ? 'descending' : 'ascending' };
      draw();
    });
    headRow.append(th);
    return th;
  });
  const text = (r: R, c: Column<R>): string => {
    const cell = c.cell ? c.cell(r) : String(c.value(r) ?? '');
    return typeof cell === 'string' ? cell : (cell.textContent ?? '');
  };
  function draw(): void {
    ths.forEach((th, i) => th.setAttribute('aria-sort', sort?.key === o.columns[i].key ? sort.dir : 'none'));
    let rows = o.rows;
    if (query) {
      const q = query.toLocaleLowerCase();
      rows = rows.filter((r) => o.columns.some((c) => text(r, c).toLocaleLowerCase().includes(q)));
    }
    if (sort) {
      const col = o.columns.find((c) => c.key === sort!.key)!;
      const sign = sort.dir === 'ascending' ? 1 : -1;
      rows = [...rows].sort((a, b) => {
        const x = col.value(a),
          y = col.value(b);
        const xn = x === null || x === undefined || (typeof x === 'number' && !Number.isFinite(x));
        const yn = y === null || y === undefined || (typeof y === 'number' && !Number.isFinite(y));
        if (xn || yn) return xn && yn ? 0 : xn ? 1 : -1;
        return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign;
      });
    }
    const shown = o.limit ? rows.slice(0, o.limit) : rows;
    body.replaceChildren(
      ...shown.map((r) => {
        const tr = h('tr', o.rowAttrs?.(r) ?? {});
        for (const c of o.columns)
          tr.append(
            h(
              'td',
              { class: [c.numeric ? 'num' : '', c.wrap ? 'wrap' : ''].filter(Boolean).join(' ') || undefined },
              c.cell ? c.cell(r) : String(c.value(r) ?? '—'),
            ),
          );
        return tr;
      }),
    );
    if (!shown.length) body.append(h('tr', {}, h('td', { colspan: o.columns.length, class: 'empty' }, o.empty ?? t('table.empty'))));
    count.textContent = t('table.count', { shown: shown.length, total: o.rows.length });
  }
  const tools = h('div', { class: 'table-tools' });
  if (o.filter ?? o.rows.length > 10) {
    const input = h('input', { type: 'search', id: `${id}-filter`, class: 'filter' });
    input.addEventListener('input', () => {
      query = input.value.trim();
      draw();
    });
    tools.append(h('label', { for: `${id}-filter` }, t('table.filter')), input);
  }
  tools.append(count);
  if (o.csvHref) tools.append(h('a', { href: o.csvHref, download: o.csvName ?? '', class: 'csv', 'data-action': 'csv' }, t('table.csv')));
  const table = h('table', { id }, h('caption', { id: `${id}-cap` }, o.caption), h('thead', {}, headRow), body);
  draw();
  return h(
    'div',
    { class: 'table-block' },
    tools,
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-labelledby': `${id}-cap` }, table),
  );
}
