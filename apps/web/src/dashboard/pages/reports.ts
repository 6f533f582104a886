/**
 * Reports (GET /api/v1/reports): the stored versions of the experience report, newest first, with
 * their PDF and HTML download links, the data they were built from (data hash, data up to) and the
 * versions of the catalogues and code; for engineers, a form that generates one (POST
 * /api/v1/reports: period, language, kind). From unchanged data the server returns the version it
 * already has, and the page says so. Types from libs/contract (never server code).
 */
import type { ReportGeneration, ReportVersion } from '../../../../../libs/contract/src/reports';
import { TRIAL_PERIOD } from '../../../../../libs/data/src/trial';
import { h } from '../../lib/dom';
import { can } from '../api/auth';
import { ApiError, get, post } from '../api/http';
import { t } from '../i18n';
import { dateTime, num } from '../lib/format';
import { dataTable } from '../lib/table';
import { errorBox, fill, heading, section, type PageContext } from '../page';

const listVersions = (): Promise<ReportVersion[]> => get<ReportVersion[]>('reports', { limit: 200 });
const mayGenerate = (ctx: PageContext) => can(ctx.me, 'reports.generate');

export async function render(ctx: PageContext): Promise<void> {
  const list = h('div');
  ctx.main.append(heading(t('nav.reports'), t('reports.intro')));
  if (mayGenerate(ctx)) ctx.main.append(generateForm(() => void fill(list, async () => versionsView(await listVersions()))));
  ctx.main.append(list);
  await fill(list, async () => versionsView(await listVersions()));
}

function generateForm(onDone: () => void): HTMLElement {
  const field = (id: string, label: string, input: HTMLElement) => h('p', { class: 'field' }, h('label', { for: id }, label), input);
  const from = h('input', {
    type: 'date',
    id: 'report-from',
    name: 'from',
    value: TRIAL_PERIOD.from,
    min: TRIAL_PERIOD.from,
    max: TRIAL_PERIOD.to,
    required: true,
  });
  const to = h('input', {
    type: 'date',
    id: 'report-to',
    name: 'to',
    value: TRIAL_PERIOD.to,
    min: TRIAL_PERIOD.from,
    max: TRIAL_PERIOD.to,
    required: true,
  });
  const lang = h(
    'select',
    { id: 'report-lang', name: 'lang' },
    h('option', { value: 'fr' }, 'Français'),
    h('option', { value: 'en' }, 'English'),
  );
  const kind = h(
    'select',
    { id: 'report-kind', name: 'kind' },
    h('option', { value: 'final' }, t('reports.kind.final')),
    h('option', { value: 'interim' }, t('reports.kind.interim')),
  );
  const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'generate' }, t('reports.generate'));
  const status = h('div', { class: 'report-status', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'period report-form', 'aria-label': t('reports.generateLabel') },
    field('report-from', t('period.from'), from),
    field('report-to', t('period.to'), to),
    field('report-lang', t('reports.lang'), lang),
    field('report-kind', t('reports.kind'), kind),
    button,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    button.disabled = true;
    status.replaceChildren(h('p', {}, t('reports.generating')));
    post<ReportGeneration>('reports', { from: from.value, to: to.value, lang: lang.value, kind: kind.value })
      .then((r) => {
        status.replaceChildren(
          h(
            'p',
            { 'data-created': String(r.created) },
            t(r.created ? 'reports.created' : 'reports.unchanged', { id: r.version.id.slice(0, 8) }),
            ' ',
            h('a', { href: r.version.links.pdf, download: '' }, 'PDF'),
            ' · ',
            h('a', { href: r.version.links.html, target: '_blank', rel: 'noopener' }, 'HTML'),
          ),
        );
        onDone();
      })
      .catch((error: unknown) =>
        status.replaceChildren(error instanceof ApiError || error instanceof Error ? errorBox(error) : h('p', {}, String(error))),
      )
      .finally(() => {
        button.disabled = false;
      });
  });
  return section(t('reports.generateTitle'), form, status);
}

function versionsView(rows: ReportVersion[]): Node[] {
  const kb = (bytes: number) => t('reports.kb', { n: num(bytes / 1024, 0) });
  return [
    section(
      t('reports.versions'),
      dataTable<ReportVersion>({
        caption: t('reports.versionsCaption'),
        rows,
        empty: t('reports.none'),
        initialSort: { key: 'created', dir: 'descending' },
        columns: [
          { key: 'created', label: t('reports.col.created'), value: (r) => r.createdAt, cell: (r) => dateTime(r.createdAt) },
          { key: 'kind', label: t('reports.kind'), value: (r) => r.kind, cell: (r) => t(`reports.kind.${r.kind}`) },
          { key: 'period', label: t('reports.col.period'), value: (r) => `${r.from} ${r.to}`, cell: (r) => `${r.from} → ${r.to}` },
          { key: 'lang', label: t('reports.lang'), value: (r) => r.lang },
          { key: 'asOf', label: t('reports.col.asOf'), value: (r) => r.asOf, cell: (r) => dateTime(r.asOf) },
          {
            key: 'files',
            label: t('reports.col.files'),
            value: (r) => r.pdfBytes,
            cell: (r) =>
              h(
                'span',
                {},
                h('a', { href: r.links.pdf, download: '', 'data-format': 'pdf' }, `PDF (${kb(r.pdfBytes)})`),
                ' · ',
                h('a', { href: r.links.html, target: '_blank', rel: 'noopener', 'data-format': 'html' }, 'HTML'),
              ),
          },
          // The code and catalogue versions in the fingerprint's tooltip: the table stays within a tablet's width.
          {
            key: 'data',
            label: t('reports.col.data'),
            value: (r) => r.dataHash,
            cell: (r) => h('code', { title: `${r.dataHash}\n${r.codeVersion} · ${r.catalogueVersion}` }, r.dataHash.slice(0, 12)),
          },
          { key: 'trigger', label: t('reports.col.trigger'), value: (r) => r.trigger, cell: (r) => t(`reports.trigger.${r.trigger}`) },
        ],
      }),
    ),
  ];
}
