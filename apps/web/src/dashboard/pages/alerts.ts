/**
 * Alerts (/api/v1/alerts…, docs/alerts.md): the open alerts (firing or recovering) first, then the
 * recent ones; an alert's detail with its whole history and the acknowledgement (a comment is
 * required: the user, the time and the comment are recorded); silences and maintenance windows;
 * each rule's thresholds and durations, validated by the server with the contract's schemas (its
 * field errors mark the input they name) and kept in the history with who, when and why. The
 * lists follow the live stream: every alert message re-reads them. CSV of every list.
 */
import { ALERT_RULE_IDS, ALERT_RULE_SIGNALS, FLEET_SUBJECT, SILENCE_KINDS } from '../../../../../libs/contract/src/alert-constants';
import { h } from '../../lib/dom';
import {
  acknowledge,
  alertDetail,
  alertHistory,
  createSilence,
  deleteSilence,
  isOpen,
  listAlerts,
  listRules,
  listSilences,
  updateRule,
} from '../api/alerts';
import type {
  AlertDetail,
  AlertHistoryEntry,
  AlertRecord,
  AlertRuleId,
  AlertRuleParams,
  AlertRuleRecord,
  LiveMessage,
  SilenceKind,
  SilenceRecord,
} from '../api/contract';
import { csvUrl } from '../api/http';
import { can } from '../api/auth';
import { t } from '../i18n';
import { dateTime, num } from '../lib/format';
import { dataTable } from '../lib/table';
import { errorBox, fill, heading, section, vehicleIds, type PageContext } from '../page';

const RECENT = 200;

export const ruleTitle = (id: AlertRuleId | null): string => (id ? t(`rule.${id}`) : t('alerts.allRules'));
const subjectText = (v: string | null) => (v === null || v === FLEET_SUBJECT ? t('alerts.fleet') : v);
const stateBadge = (state: string) =>
  h('span', { class: `badge state-${state}`, 'data-field': 'state' }, t(`alertState.${state}` as 'alertState.firing'));

/** Re-runs `load` on every alert message (at most every 300 ms) while the page is shown. */
function followAlerts(ctx: PageContext, load: (m: LiveMessage | undefined) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const on = (e: Event) => {
    clearTimeout(timer);
    timer = setTimeout(() => load((e as CustomEvent<LiveMessage | undefined>).detail), 300);
  };
  document.addEventListener('alerts-changed', on);
  ctx.onLeave(() => {
    clearTimeout(timer);
    document.removeEventListener('alerts-changed', on);
  });
}

export async function render(ctx: PageContext): Promise<void> {
  if (ctx.params.alertId) return detail(ctx, Number(ctx.params.alertId));
  const manage = can(ctx.me, 'alerts.manage');
  const open = h('div', { id: 'alerts-open' });
  const recent = h('div', { id: 'alerts-recent' });
  const silences = h('div', { id: 'alerts-silences' });
  const rules = h('div', { id: 'alerts-rules' });
  ctx.main.append(heading(t('nav.alerts'), t('alerts.intro')), open, recent, silences, rules);
  // Re-filled in place (no loading flash) when the stream says an alert changed.
  const loadLists = async (quiet = false) => {
    const fillIn = quiet ? refill : fill;
    await Promise.all([
      fillIn(open, async () => openView(await listAlerts({ state: 'open', limit: 5000 }))),
      fillIn(recent, async () => recentView(await listAlerts({ limit: RECENT }))),
    ]);
  };
  const vehicles = await vehicleIds(ctx);
  const loadSilences = () => fill(silences, async () => silencesView(await listSilences(), manage, vehicles, () => void loadSilences()));
  await Promise.all([loadLists(), loadSilences(), fill(rules, async () => rulesView(await listRules(), manage))]);
  followAlerts(ctx, () => void loadLists(true));
}

/** Like fill, without the loading note in between: the old content stays until the new one is there. */
async function refill(into: HTMLElement, load: () => Promise<Node | Node[]>): Promise<void> {
  try {
    const out = await load();
    into.replaceChildren(...(Array.isArray(out) ? out : [out]));
  } catch (error) {
    into.replaceChildren(errorBox(error));
  }
}

function alertColumns(): Array<import('../lib/table').Column<AlertRecord>> {
  return [
    { key: 'state', label: t('col.state'), value: (r) => r.state, cell: (r) => stateBadge(r.state) },
    {
      key: 'severity',
      label: t('col.severity'),
      value: (r) => (r.severity === 'critical' ? 1 : 0),
      cell: (r) =>
        h(
          'span',
          { class: `severity severity-${r.severity}` },
          t(`severity.${r.severity}`),
          r.escalatedAt ? ` · ${t('alerts.escalated')}` : '',
          r.silenced ? ` · ${t('alerts.silenced')}` : '',
        ),
    },
    {
      key: 'rule',
      label: t('col.rule'),
      value: (r) => ruleTitle(r.ruleId),
      cell: (r) => h('a', { href: `/dashboard/alerts/${r.id}` }, ruleTitle(r.ruleId)),
    },
    { key: 'vehicle', label: t('col.vehicle'), value: (r) => subjectText(r.vehicleId) },
    { key: 'fired', label: t('alerts.firedAt'), value: (r) => Date.parse(r.firedAt), cell: (r) => dateTime(r.firedAt) },
    { key: 'summary', label: t('alerts.summary'), wrap: true, value: (r) => r.summary },
    {
      key: 'ack',
      label: t('col.acknowledged'),
      value: (r) => r.acknowledgedAt ?? '',
      wrap: true,
      cell: (r) =>
        r.acknowledgedAt
          ? `${r.acknowledgedBy ?? ''} · ${dateTime(r.acknowledgedAt)}`
          : h('a', { href: `/dashboard/alerts/${r.id}#ack`, 'data-action': 'ack' }, t('alerts.ackLink')),
    },
  ];
}

function openView(alerts: AlertRecord[]): Node {
  const rows = alerts
    .filter(isOpen)
    .sort((a, b) => (a.severity === b.severity ? b.firedAt.localeCompare(a.firedAt) : a.severity === 'critical' ? -1 : 1));
  return section(
    t('alerts.open'),
    h('p', { 'data-field': 'open-count' }, t('alerts.openCount', { n: rows.length })),
    dataTable<AlertRecord>({
      caption: t('alerts.openCaption'),
      rows,
      filter: rows.length > 10,
      empty: t('alerts.noneOpen'),
      csvHref: csvUrl('alerts', { state: 'open' }),
      csvName: 'alerts-open.csv',
      rowAttrs: (r) => ({
        'data-state': r.state,
        'data-alert': String(r.id),
        'data-rule': r.ruleId,
        'data-vehicle': r.vehicleId ?? FLEET_SUBJECT,
      }),
      columns: alertColumns(),
    }),
  );
}

function recentView(alerts: AlertRecord[]): Node {
  return section(
    t('alerts.recent'),
    h('p', { class: 'muted' }, t('alerts.recentIntro', { n: RECENT })),
    h(
      'p',
      {},
      h('a', { href: csvUrl('alerts', { limit: 5000 }), download: 'alerts.csv', 'data-action': 'csv' }, t('alerts.csvAll')),
      ' · ',
      h(
        'a',
        { href: csvUrl('alerts/history', { limit: 10000 }), download: 'alert-history.csv', 'data-action': 'csv-history' },
        t('alerts.csvHistory'),
      ),
    ),
    dataTable<AlertRecord>({
      caption: t('alerts.recentCaption'),
      rows: alerts,
      filter: true,
      limit: 50,
      initialSort: { key: 'fired', dir: 'descending' },
      rowAttrs: (r) => ({ 'data-state': r.state, 'data-alert': String(r.id), 'data-rule': r.ruleId }),
      columns: alertColumns(),
    }),
  );
}

async function detail(ctx: PageContext, id: number): Promise<void> {
  const body = h('div');
  ctx.main.append(heading(t('alerts.detailTitle', { id })), h('p', {}, h('a', { href: '/dashboard/alerts' }, t('alerts.back'))), body);
  const load = (quiet: boolean) => (quiet ? refill : fill)(body, async () => detailView(await alertDetail(id), ctx, () => void load(true)));
  await load(false);
  // Follows this alert live (its state, severity, acknowledgement); unrelated alerts are ignored.
  followAlerts(ctx, (m) => {
    if (m && m.kind === 'alert' && m.alert.id !== id) return;
    if (body.querySelector('#ack-comment:focus')) return; // do not wipe a comment being typed
    void load(true);
  });
}

function detailView(a: AlertDetail, ctx: PageContext, reload: () => void): Node[] {
  const values =
    Object.entries(a.values)
      .map(([k, v]) => `${k} ${num(v, 2)}`)
      .join(', ') || '—';
  const facts = h(
    'dl',
    { class: 'facts facts-wide', 'data-alert': String(a.id), 'data-state': a.state },
    h('dt', {}, t('col.rule')),
    h('dd', { 'data-field': 'rule' }, ruleTitle(a.ruleId)),
    h('dt', {}, t('col.vehicle')),
    h('dd', {}, subjectText(a.vehicleId)),
    h('dt', {}, t('col.state')),
    h('dd', {}, stateBadge(a.state)),
    h('dt', {}, t('col.severity')),
    h('dd', { 'data-field': 'severity' }, t(`severity.${a.severity}`)),
    h('dt', {}, t('alerts.summary')),
    h('dd', {}, a.summary),
    h('dt', {}, t('alerts.value')),
    h('dd', {}, values),
    h('dt', {}, t('alerts.pendingSince')),
    h('dd', {}, dateTime(a.pendingSince)),
    h('dt', {}, t('alerts.firedAt')),
    h('dd', {}, dateTime(a.firedAt)),
    h('dt', {}, t('alerts.resolvedAt')),
    h('dd', { 'data-field': 'resolved' }, dateTime(a.resolvedAt)),
    h('dt', {}, t('alerts.silenced')),
    h('dd', {}, a.silenced ? t('common.yes') : t('common.no')),
    h('dt', {}, t('alerts.escalatedAt')),
    h('dd', {}, dateTime(a.escalatedAt)),
    h('dt', {}, t('col.acknowledged')),
    h('dd', { 'data-field': 'ack' }, a.acknowledgedAt ? `${a.acknowledgedBy ?? ''} · ${dateTime(a.acknowledgedAt)}` : '—'),
    h('dt', {}, t('alerts.ackCommentShort')),
    h('dd', { 'data-field': 'ack-comment' }, a.ackComment ?? '—'),
  );
  const out: Node[] = [section(t('alerts.detail'), h('p', { class: 'muted' }, t('alerts.dataTime')), facts)];
  if (!a.acknowledgedAt && can(ctx.me, 'alerts.manage')) out.push(ackForm(a, reload));
  out.push(
    section(
      t('alerts.history'),
      historyTable(a.history, t('alerts.historyCaption')),
      h(
        'p',
        {},
        h(
          'a',
          { href: csvUrl('alerts/history', { alertId: a.id }), download: `alert-${a.id}-history.csv`, 'data-action': 'csv' },
          t('table.csv'),
        ),
      ),
    ),
  );
  return out;
}

function historyTable(rows: AlertHistoryEntry[], caption: string): Node {
  return dataTable<AlertHistoryEntry>({
    caption,
    rows,
    filter: false,
    initialSort: { key: 'at', dir: 'ascending' },
    rowAttrs: (r) => ({ 'data-kind': r.kind }),
    columns: [
      { key: 'at', label: t('alerts.recordedAt'), value: (r) => Date.parse(r.at) + r.id / 1e6, cell: (r) => dateTime(r.at) },
      { key: 'data', label: t('alerts.dataTs'), value: (r) => r.dataTs ?? '', cell: (r) => dateTime(r.dataTs) },
      {
        key: 'kind',
        label: t('alerts.change'),
        value: (r) => r.kind,
        cell: (r) =>
          `${t(`history.${r.kind}`)}${r.fromState && r.toState && r.fromState !== r.toState ? ` (${r.fromState} → ${r.toState})` : ''}${r.severity ? ` · ${t(`severity.${r.severity}`)}` : ''}`,
      },
      { key: 'by', label: t('alerts.by'), value: (r) => r.actor },
      { key: 'comment', wrap: true, label: t('col.comment'), value: (r) => r.comment ?? '' },
    ],
  });
}

function ackForm(a: AlertRecord, done: () => void): HTMLElement {
  const comment = h('textarea', {
    id: 'ack-comment',
    name: 'comment',
    rows: 3,
    maxlength: 500,
    required: true,
    'aria-describedby': 'ack-error',
  });
  const error = h('div', { class: 'form-error', role: 'alert', id: 'ack-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('alerts.ack'));
  const form = h(
    'form',
    { class: 'stack', 'data-form': 'ack', novalidate: true },
    h('label', { for: 'ack-comment' }, t('alerts.ackComment')),
    comment,
    error,
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.replaceChildren();
    if (!comment.value.trim()) {
      error.textContent = t('alerts.ackNeedsComment');
      comment.focus();
      return;
    }
    submit.disabled = true;
    acknowledge(a.id, comment.value.trim()).then(
      () => {
        comment.blur();
        done();
      },
      (err: unknown) => {
        submit.disabled = false;
        error.replaceChildren(errorBox(err));
      },
    );
  });
  const s = section(t('alerts.ack'), form);
  s.id = 'ack';
  return s;
}

// ------------------------------------------------------------------------------------------------
// Silences and maintenance windows

/** A datetime-local value (Paris wall clock in the browser's zone) → ISO instant. */
const instantOf = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

function silencesView(silences: SilenceRecord[], manage: boolean, vehicles: readonly string[], reload: () => void): Node {
  const error = h('div', { class: 'form-error', role: 'alert' });
  const table = dataTable<SilenceRecord>({
    caption: t('alerts.silencesCaption'),
    rows: silences,
    filter: false,
    empty: t('alerts.noSilence'),
    csvHref: csvUrl('alerts/silences', { deleted: true }),
    csvName: 'alert-silences.csv',
    rowAttrs: (r) => ({ 'data-silence': String(r.id) }),
    columns: [
      { key: 'kind', label: t('alerts.silenceKind'), value: (r) => r.kind, cell: (r) => t(`silenceKind.${r.kind}`) },
      { key: 'rule', label: t('col.rule'), value: (r) => ruleTitle(r.ruleId) },
      { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId ?? t('period.allVehicles') },
      { key: 'from', label: t('alerts.startsAt'), value: (r) => Date.parse(r.startsAt), cell: (r) => dateTime(r.startsAt) },
      { key: 'to', label: t('alerts.endsAt'), value: (r) => Date.parse(r.endsAt), cell: (r) => dateTime(r.endsAt) },
      { key: 'reason', wrap: true, label: t('alerts.reason'), value: (r) => r.reason },
      { key: 'by', label: t('alerts.by'), value: (r) => r.createdBy },
      ...(manage
        ? [
            {
              key: 'remove',
              label: t('alerts.remove'),
              value: () => '',
              cell: (r: SilenceRecord) => {
                const b = h('button', { type: 'button', class: 'btn btn-quiet', 'data-action': 'end-silence' }, t('alerts.endNow'));
                b.addEventListener(
                  'click',
                  () => void deleteSilence(r.id).then(reload, (err: unknown) => error.replaceChildren(errorBox(err))),
                );
                return b;
              },
            },
          ]
        : []),
    ],
  });
  if (!manage) return section(t('alerts.silences'), table);
  const kind = h(
    'select',
    { id: 'silence-kind', name: 'kind' },
    ...SILENCE_KINDS.map((k) => h('option', { value: k }, t(`silenceKind.${k}`))),
  );
  const rule = h(
    'select',
    { id: 'silence-rule', name: 'ruleId' },
    h('option', { value: '' }, t('alerts.allRules')),
    ...ALERT_RULE_IDS.map((r) => h('option', { value: r }, ruleTitle(r))),
  );
  const vehicle = h(
    'select',
    { id: 'silence-vehicle', name: 'vehicleId' },
    h('option', { value: '' }, t('period.allVehicles')),
    ...vehicles.map((v) => h('option', { value: v }, v)),
  );
  const start = h('input', { id: 'silence-start', name: 'startsAt', type: 'datetime-local' });
  const end = h('input', { id: 'silence-end', name: 'endsAt', type: 'datetime-local', required: true });
  const reason = h('input', { id: 'silence-reason', name: 'reason', required: true, maxlength: 500 });
  const form = h(
    'form',
    { class: 'inline-form', 'data-form': 'silence', novalidate: true },
    h('label', { for: 'silence-kind' }, t('alerts.silenceKind')),
    kind,
    h('label', { for: 'silence-rule' }, t('col.rule')),
    rule,
    h('label', { for: 'silence-vehicle' }, t('col.vehicle')),
    vehicle,
    h('label', { for: 'silence-start' }, t('alerts.startsAtNow')),
    start,
    h('label', { for: 'silence-end' }, t('alerts.endsAt')),
    end,
    h('label', { for: 'silence-reason' }, t('alerts.reason')),
    reason,
    h('button', { type: 'submit', class: 'btn' }, t('alerts.addSilence')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.replaceChildren();
    if (!end.value) {
      error.textContent = t('alerts.needsEnd');
      end.focus();
      return;
    }
    createSilence({
      kind: kind.value as SilenceKind,
      ruleId: (rule.value || undefined) as AlertRuleId | undefined,
      vehicleId: vehicle.value || undefined,
      startsAt: instantOf(start.value),
      endsAt: instantOf(end.value)!,
      reason: reason.value.trim(),
    }).then(reload, (err: unknown) => error.replaceChildren(errorBox(err, { reason, endsAt: end, startsAt: start })));
  });
  return section(
    t('alerts.silences'),
    h('p', { class: 'muted' }, t('alerts.silencesIntro')),
    table,
    h('h3', {}, t('alerts.addSilence')),
    form,
    error,
  );
}

// ------------------------------------------------------------------------------------------------
// Rules and thresholds

function rulesView(rules: AlertRuleRecord[], manage: boolean): Node {
  return section(
    t('alerts.rules'),
    h('p', { class: 'muted' }, t('alerts.rulesIntro')),
    h('p', {}, h('a', { href: csvUrl('alerts/rules'), download: 'alert-rules.csv', 'data-action': 'csv' }, t('table.csv'))),
    ...rules.map((r) => ruleForm(r, manage)),
  );
}

interface Field {
  path: string;
  input: HTMLInputElement;
  nullable: boolean;
}

function ruleForm(rule: AlertRuleRecord, manage: boolean): HTMLElement {
  const error = h('div', { class: 'form-error', role: 'alert' });
  const saved = h('p', { class: 'saved', role: 'status' });
  const fields: Field[] = [];
  const idOf = (path: string) => `rule-${rule.id}-${path.replace(/\./g, '-')}`;
  const input = (path: string, label: string, value: number | null, nullable = false, hint?: string): HTMLElement => {
    const id = idOf(path);
    const el = h('input', {
      id,
      name: path,
      type: 'number',
      step: 'any',
      inputmode: 'decimal',
      value: value === null ? '' : String(value),
      disabled: !manage,
      placeholder: nullable ? '—' : undefined,
    });
    fields.push({ path, input: el, nullable });
    return h('div', { class: 'field' }, h('label', { for: id }, label, hint ? h('span', { class: 'unit' }, ` (${hint})`) : ''), el);
  };
  const p = rule.params;
  const signals = ALERT_RULE_SIGNALS[rule.id] as Record<string, { direction: 'above' | 'below'; unit: string }>;
  const enabled = h('input', { type: 'checkbox', id: idOf('enabled'), name: 'enabled', checked: rule.enabled, disabled: !manage });
  const timing = h(
    'fieldset',
    { class: 'rule-group' },
    h('legend', {}, t('alerts.timing')),
    input('forS', t('alerts.forS'), p.forS, false, 's'),
    input('clearForS', t('alerts.clearForS'), p.clearForS, false, 's'),
    input('maxGapS', t('alerts.maxGapS'), p.maxGapS, true, 's'),
    input('escalateAfterMin', t('alerts.escalateAfterMin'), p.escalateAfterMin, true, 'min'),
  );
  const signalSets = Object.entries(p.signals).map(([name, th]) => {
    const def = signals[name];
    const dir = def?.direction === 'below' ? '≤' : '≥';
    return h(
      'fieldset',
      { class: 'rule-group', 'data-signal': name },
      h('legend', {}, `${name} (${def?.unit ?? ''})`),
      input(`signals.${name}.warning`, `${t('alerts.warning')} ${dir}`, th.warning),
      input(`signals.${name}.critical`, `${t('alerts.critical')} ${dir}`, th.critical, true),
      input(`signals.${name}.clear`, t('alerts.clear'), th.clear),
    );
  });
  const options = Object.entries(p.options);
  const optionSet = options.length
    ? h('fieldset', { class: 'rule-group' }, h('legend', {}, t('alerts.options')), ...options.map(([k, v]) => input(`options.${k}`, k, v)))
    : null;
  const reason = h('input', { id: idOf('reason'), name: 'reason', required: true, maxlength: 500, disabled: !manage });
  const history = h('details', { class: 'rule-history' }, h('summary', {}, t('alerts.ruleHistory')));
  const historyBody = h('div');
  history.append(historyBody);
  history.addEventListener('toggle', () => {
    if (history.open)
      void fill(historyBody, async () =>
        historyTable(
          await alertHistory({ ruleId: rule.id, kind: 'rule_updated', limit: 100 }),
          t('alerts.ruleHistoryCaption', { rule: ruleTitle(rule.id) }),
        ),
      );
  });
  const meta = h(
    'p',
    { class: 'muted' },
    t('alerts.ruleMeta', {
      version: rule.version,
      at: dateTime(rule.updatedAt),
      by: rule.updatedBy ?? t('alerts.defaults'),
      defaults: rule.defaultsVersion,
    }),
  );
  const form = h(
    'form',
    { class: 'rule-form', 'data-rule': rule.id, novalidate: true, 'aria-label': ruleTitle(rule.id) },
    h(
      'p',
      { class: 'rule-desc' },
      rule.description,
      ' ',
      h('span', { class: 'muted rule-eval' }, rule.evaluation === 'scheduled' ? t('alerts.scheduled') : t('alerts.onCommit')),
    ),
    meta,
    h('div', { class: 'rule-grid' }, timing, ...signalSets, optionSet),
    h('p', { class: 'check-line' }, h('label', { for: idOf('enabled'), class: 'check' }, enabled, ` ${t('alerts.enabled')}`)),
    manage
      ? h(
          'div',
          { class: 'inline-form' },
          h('label', { for: idOf('reason') }, t('alerts.changeReason')),
          reason,
          h('button', { type: 'submit', class: 'btn' }, t('alerts.save')),
        )
      : null,
    error,
    saved,
    history,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.replaceChildren();
    saved.textContent = '';
    for (const f of fields) f.input.removeAttribute('aria-invalid');
    reason.removeAttribute('aria-invalid');
    const params = paramsOf(rule.params, fields);
    updateRule(rule.id, { params, enabled: enabled.checked, reason: reason.value }).then(
      (next) => {
        saved.textContent = t('alerts.saved', { version: next.version });
        meta.textContent = t('alerts.ruleMeta', {
          version: next.version,
          at: dateTime(next.updatedAt),
          by: next.updatedBy ?? '',
          defaults: next.defaultsVersion,
        });
        reason.value = '';
        if (history.open) history.dispatchEvent(new Event('toggle'));
      },
      (err: unknown) => {
        const byPath: Record<string, HTMLElement> = { reason };
        for (const f of fields) byPath[`params.${f.path}`] = f.input;
        error.replaceChildren(errorBox(err, byPath));
      },
    );
  });
  // Collapsed: nine rules are long; the summary says what each watches and at what thresholds.
  const brief = Object.entries(p.signals)
    .map(([name, th]) => `${name} ${signals[name]?.direction === 'below' ? '≤' : '≥'} ${num(th.warning, 2)} ${signals[name]?.unit ?? ''}`)
    .join(' · ');
  return h(
    'details',
    { class: 'rule', 'data-rule': rule.id, 'data-enabled': String(rule.enabled) },
    h(
      'summary',
      {},
      h('span', { class: 'rule-title' }, ruleTitle(rule.id)),
      ' ',
      h(
        'span',
        { class: 'muted' },
        `${brief} · ${t('alerts.forS').toLowerCase()} ${num(p.forS, 0)} s${rule.enabled ? '' : ` · ${t('alerts.disabledRule')}`}`,
      ),
    ),
    form,
  );
}

/** The rule's whole parameter object from the inputs (an empty nullable input is null; the server validates the rest). */
function paramsOf(current: AlertRuleParams, fields: Field[]): AlertRuleParams {
  const next = JSON.parse(JSON.stringify(current)) as Record<string, unknown>;
  for (const f of fields) {
    const raw = f.input.value.trim();
    const value = raw === '' ? (f.nullable ? null : NaN) : Number(raw.replace(',', '.'));
    const keys = f.path.split('.');
    let at = next;
    for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
    // NaN would travel as null: send the text, so the server names the field.
    at[keys[keys.length - 1]] = Number.isNaN(value) ? raw : value;
  }
  return next as unknown as AlertRuleParams;
}
