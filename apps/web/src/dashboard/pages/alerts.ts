/**
 * Alerts (/api/v1/alerts): the list with open alerts first, an alert's detail with its history,
 * acknowledging with a comment, silences, and the rules' thresholds, validated by the API (its
 * field errors are shown beside the form). The list follows the live stream. Where the API is not
 * deployed (404) the page says so and stays usable.
 */
import { h } from '../../lib/dom';
import {
  acknowledge, alertDetail, alertsCsvPath, createSilence, deleteSilence, isOpen, listAlerts, listRules, listSilences, updateRule,
  type Alert, type AlertRule, type Silence,
} from '../api/alerts';
import { ApiError, csvUrl } from '../api/http';
import { t } from '../i18n';
import { dateTime, num } from '../lib/format';
import { dataTable } from '../lib/table';
import { errorBox, fill, heading, section, unavailable, type PageContext } from '../page';

const STATE_ORDER: Record<string, number> = { firing: 0, pending: 1, recovering: 2, resolved: 3 };

export async function render(ctx: PageContext): Promise<void> {
  if (ctx.params.alertId) return detail(ctx, ctx.params.alertId);
  const list = h('div');
  const silences = h('div');
  const rules = h('div');
  ctx.main.append(heading(t('nav.alerts'), t('alerts.intro')), list, silences, rules);
  const loadList = () => fill(list, async () => {
    try {
      return listView(await listAlerts());
    } catch (error) {
      if (error instanceof ApiError && error.missing) return unavailable(t('nav.alerts'));
      throw error;
    }
  });
  await loadList();
  if (list.querySelector('.notice')) return;
  const onChange = () => void loadList();
  document.addEventListener('alerts-changed', onChange);
  ctx.onLeave(() => document.removeEventListener('alerts-changed', onChange));
  await Promise.all([
    fill(silences, async () => silencesView(await listSilences().catch(orMissing), ctx)),
    fill(rules, async () => rulesView(await listRules().catch(orMissing))),
  ]);
}

const orMissing = (error: unknown): null => {
  if (error instanceof ApiError && error.missing) return null;
  throw error;
};

function listView(alerts: Alert[]): Node {
  const rows = [...alerts].sort((a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || b.openedAt.localeCompare(a.openedAt));
  return section(t('alerts.list'),
    h('p', {}, t('alerts.openCount', { n: alerts.filter(isOpen).length })),
    dataTable<Alert>({
      caption: t('alerts.caption'),
      rows,
      csvHref: csvUrl(alertsCsvPath),
      rowAttrs: (r) => ({ 'data-state': r.state, 'data-alert': r.id }),
      columns: [
        { key: 'state', label: t('col.state'), value: (r) => STATE_ORDER[r.state] ?? 9, cell: (r) => h('span', { class: `badge state-${r.state}` }, t(`alertState.${r.state}` as 'alertState.firing')) },
        { key: 'severity', label: t('col.severity'), value: (r) => r.severity, cell: (r) => `${t(`severity.${r.severity}` as 'severity.warning')}${r.escalated ? ` · ${t('alerts.escalated')}` : ''}` },
        { key: 'rule', label: t('col.rule'), value: (r) => r.ruleName ?? r.ruleId, cell: (r) => h('a', { href: `/dashboard/alerts/${encodeURIComponent(r.id)}` }, r.ruleName ?? r.ruleId) },
        { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId ?? '' },
        { key: 'opened', label: t('col.opened'), value: (r) => Date.parse(r.openedAt), cell: (r) => dateTime(r.openedAt) },
        { key: 'ack', label: t('col.acknowledged'), value: (r) => r.acknowledgedAt ?? '', cell: (r) => (r.acknowledgedAt ? `${r.acknowledgedBy ?? ''} · ${dateTime(r.acknowledgedAt)}` : '—') },
      ],
    }));
}

async function detail(ctx: PageContext, id: string): Promise<void> {
  const body = h('div');
  ctx.main.append(heading(t('alerts.detail')), h('p', {}, h('a', { href: '/dashboard/alerts' }, t('alerts.back'))), body);
  await fill(body, async () => {
    let a: Alert;
    try {
      a = await alertDetail(id);
    } catch (error) {
      if (error instanceof ApiError && error.missing) return unavailable(t('nav.alerts'));
      throw error;
    }
    const facts = h('dl', { class: 'facts facts-wide' },
      h('dt', {}, t('col.rule')), h('dd', {}, a.ruleName ?? a.ruleId),
      h('dt', {}, t('col.vehicle')), h('dd', {}, a.vehicleId ?? '—'),
      h('dt', {}, t('col.state')), h('dd', { 'data-field': 'state' }, t(`alertState.${a.state}` as 'alertState.firing')),
      h('dt', {}, t('col.severity')), h('dd', {}, t(`severity.${a.severity}` as 'severity.warning')),
      h('dt', {}, t('col.opened')), h('dd', {}, dateTime(a.openedAt)),
      h('dt', {}, t('alerts.value')), h('dd', {}, num(a.value ?? null, 2)),
      h('dt', {}, t('alerts.message')), h('dd', {}, a.message ?? '—'),
      h('dt', {}, t('col.acknowledged')), h('dd', { 'data-field': 'ack' }, a.acknowledgedAt ? `${a.acknowledgedBy ?? ''} · ${dateTime(a.acknowledgedAt)} · ${a.acknowledgeComment ?? ''}` : '—'),
    );
    const out: Node[] = [section(t('alerts.detail'), facts)];
    if (isOpen(a) && !a.acknowledgedAt) out.push(ackForm(a, () => ctx.navigate(location.pathname, true)));
    out.push(section(t('alerts.history'), dataTable({
      caption: t('alerts.historyCaption'),
      rows: a.history ?? [],
      filter: false,
      columns: [
        { key: 'at', label: t('col.time'), value: (r) => Date.parse(r.at), cell: (r) => dateTime(r.at) },
        { key: 'what', label: t('alerts.change'), value: (r) => [r.what, r.state, r.severity].filter(Boolean).join(' · ') },
        { key: 'by', label: t('alerts.by'), value: (r) => r.by ?? '' },
        { key: 'comment', wrap: true, label: t('col.comment'), value: (r) => r.comment ?? '' },
      ],
    })));
    return out;
  });
}

function ackForm(a: Alert, done: () => void): HTMLElement {
  const comment = h('textarea', { id: 'ack-comment', name: 'comment', rows: 3, maxlength: 500, required: true });
  const error = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'stack', 'data-form': 'ack' },
    h('label', { for: 'ack-comment' }, t('alerts.ackComment')), comment, error,
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('alerts.ack')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.replaceChildren();
    if (!comment.value.trim()) {
      error.textContent = t('alerts.ackNeedsComment');
      comment.focus();
      return;
    }
    acknowledge(a.id, comment.value.trim()).then(done, (err: unknown) => error.replaceChildren(errorBox(err)));
  });
  return section(t('alerts.ack'), form);
}

function silencesView(silences: Silence[] | null, ctx: PageContext): Node {
  if (silences === null) return section(t('alerts.silences'), unavailable(t('alerts.silences')));
  const error = h('div', { class: 'form-error', role: 'alert' });
  const input = (id: string, label: string, attrs: Record<string, string | boolean> = {}) => [h('label', { for: id }, label), h('input', { id, name: id, ...attrs })];
  const form = h('form', { class: 'inline-form', 'data-form': 'silence' },
    ...input('silence-rule', t('col.rule')), ...input('silence-vehicle', t('col.vehicle')),
    ...input('silence-start', t('alerts.startsAt'), { type: 'datetime-local', required: true }), ...input('silence-end', t('alerts.endsAt'), { type: 'datetime-local', required: true }),
    ...input('silence-comment', t('col.comment')),
    h('button', { type: 'submit', class: 'btn' }, t('alerts.addSilence')), error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value.trim();
    error.replaceChildren();
    createSilence({
      ruleId: v('silence-rule') || null, vehicleId: v('silence-vehicle') || null,
      startsAt: new Date(v('silence-start')).toISOString(), endsAt: new Date(v('silence-end')).toISOString(), comment: v('silence-comment') || null,
    }).then(() => ctx.navigate(location.pathname, true), (err: unknown) => error.replaceChildren(errorBox(err)));
  });
  return section(t('alerts.silences'),
    dataTable<Silence>({
      caption: t('alerts.silencesCaption'),
      rows: silences,
      filter: false,
      columns: [
        { key: 'rule', label: t('col.rule'), value: (r) => r.ruleId ?? t('alerts.allRules') },
        { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId ?? t('period.allVehicles') },
        { key: 'from', label: t('alerts.startsAt'), value: (r) => Date.parse(r.startsAt), cell: (r) => dateTime(r.startsAt) },
        { key: 'to', label: t('alerts.endsAt'), value: (r) => Date.parse(r.endsAt), cell: (r) => dateTime(r.endsAt) },
        { key: 'comment', wrap: true, label: t('col.comment'), value: (r) => r.comment ?? '' },
        {
          key: 'remove', label: t('alerts.remove'), value: () => '', cell: (r) => {
            const b = h('button', { type: 'button', class: 'btn btn-quiet' }, t('alerts.remove'));
            b.addEventListener('click', () => void deleteSilence(r.id).then(() => ctx.navigate(location.pathname, true), (err: unknown) => error.replaceChildren(errorBox(err))));
            return b;
          },
        },
      ],
    }),
    form);
}

function rulesView(rules: AlertRule[] | null): Node {
  if (rules === null) return section(t('alerts.rules'), unavailable(t('alerts.rules')));
  return section(t('alerts.rules'), h('p', { class: 'muted' }, t('alerts.rulesIntro')), ...rules.map(ruleForm));
}

function ruleForm(rule: AlertRule): HTMLElement {
  const error = h('div', { class: 'form-error', role: 'alert' });
  const saved = h('p', { class: 'saved', role: 'status' });
  const inputs = Object.entries(rule.params).map(([k, v]) => {
    const id = `rule-${rule.id}-${k}`;
    return { k, el: h('input', { id, name: k, type: 'number', step: 'any', value: String(v) }), label: h('label', { for: id }, k) };
  });
  const form = h('form', { class: 'inline-form rule-form', 'data-rule': rule.id },
    h('h3', {}, rule.name ?? rule.id), ...inputs.flatMap((i) => [i.label, i.el]),
    h('button', { type: 'submit', class: 'btn' }, t('alerts.save')), error, saved);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.replaceChildren();
    saved.textContent = '';
    for (const i of inputs) i.el.removeAttribute('aria-invalid');
    const params = Object.fromEntries(inputs.map((i) => [i.k, Number(i.el.value)]));
    updateRule(rule.id, params).then(() => (saved.textContent = t('alerts.saved')), (err: unknown) => {
      error.replaceChildren(errorBox(err));
      if (err instanceof ApiError) {
        for (const fe of err.errors) inputs.find((i) => fe.path.endsWith(i.k))?.el.setAttribute('aria-invalid', 'true');
      }
    });
  });
  return form;
}
