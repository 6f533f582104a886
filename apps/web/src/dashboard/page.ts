/**
 * What a page gets from the shell, and the small pieces every page uses: its heading, a period
 * form (service days in Europe/Paris), a loading note, and an error shown in place.
 */
import { TRIAL_PERIOD } from '../../../../libs/data/src/trial';
import { h } from '../lib/dom';
import { can, type Me } from './api/auth';
import { vehicles } from './api/fleet';
import { trialConfig } from './api/trial';
import { ApiError } from './api/http';
import { t } from './i18n';
import type { LiveClient } from './lib/live-client';

export interface PageContext {
  main: HTMLElement;
  me: Me;
  params: Record<string, string>;
  query: URLSearchParams;
  live: LiveClient;
  navigate(href: string, replace?: boolean): void;
  /** Called when the user leaves the page (unsubscribe, stop timers). */
  onLeave(fn: () => void): void;
}

export function heading(text: string, intro?: string): HTMLElement {
  return h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, text), intro ? h('p', { class: 'intro' }, intro) : null);
}

export function section(title: string, ...children: Array<Node | null | undefined | false>): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

export const loading = (): HTMLElement => h('p', { class: 'loading', role: 'status' }, t('common.loading'));

/**
 * An error in place: the API's message and its field errors; `fields` (error path → input) marks
 * the inputs the server named as invalid.
 */
export function errorBox(error: unknown, fields: Record<string, HTMLElement> = {}): HTMLElement {
  const e = error instanceof ApiError ? error : null;
  // A failed fetch is a TypeError; any other Error is the page's own refusal, worded for the user.
  const text = e
    ? t('common.apiError', { status: e.status, message: e.message })
    : error instanceof Error && !(error instanceof TypeError)
      ? error.message
      : t('common.networkError');
  const box = h('div', { class: 'error-box', role: 'alert' }, h('p', {}, text));
  if (e?.errors.length) box.append(h('ul', {}, ...e.errors.map((x) => h('li', {}, `${x.path || '—'} : ${x.message}`))));
  for (const x of e?.errors ?? []) fields[x.path]?.setAttribute('aria-invalid', 'true');
  return box;
}

/** Fills `into` with the result of `load`, or with the error. */
export async function fill(into: HTMLElement, load: () => Promise<Node | Node[]>): Promise<void> {
  into.replaceChildren(loading());
  try {
    const out = await load();
    into.replaceChildren(...(Array.isArray(out) ? out : [out]));
  } catch (error) {
    into.replaceChildren(errorBox(error));
  }
}

export interface PeriodValue {
  from: string;
  to: string;
  vehicleId?: string;
}

/** The period from the address (?from&to&vehicle), the whole trial by default. */
export function periodOf(query: URLSearchParams): PeriodValue {
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const vehicle = query.get('vehicle') ?? '';
  return {
    from: iso.test(from) ? from : TRIAL_PERIOD.from,
    to: iso.test(to) ? to : TRIAL_PERIOD.to,
    vehicleId: /^[A-Z0-9-]{3,32}$/.test(vehicle) ? vehicle : undefined,
  };
}

/** A period form (from, to, optional vehicle); submitting changes the address (so a link keeps the view). */
export function periodForm(ctx: PageContext, value: PeriodValue, options: { vehicles?: string[] } = {}): HTMLElement {
  const from = h('input', {
    type: 'date',
    id: 'period-from',
    name: 'from',
    value: value.from,
    min: TRIAL_PERIOD.from,
    max: TRIAL_PERIOD.to,
    required: true,
  });
  const to = h('input', {
    type: 'date',
    id: 'period-to',
    name: 'to',
    value: value.to,
    min: TRIAL_PERIOD.from,
    max: TRIAL_PERIOD.to,
    required: true,
  });
  const form = h(
    'form',
    { class: 'period', 'aria-label': t('period.label') },
    h('label', { for: 'period-from' }, t('period.from')),
    from,
    h('label', { for: 'period-to' }, t('period.to')),
    to,
  );
  let vehicle: HTMLSelectElement | null = null;
  if (options.vehicles) {
    vehicle = h(
      'select',
      { id: 'period-vehicle', name: 'vehicle' },
      h('option', { value: '' }, t('period.allVehicles')),
      ...options.vehicles.map((v) => h('option', { value: v, selected: v === value.vehicleId }, v)),
    );
    form.append(h('label', { for: 'period-vehicle' }, t('period.vehicle')), vehicle);
  }
  form.append(h('button', { type: 'submit', class: 'btn' }, t('period.apply')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(ctx.query);
    q.set('from', from.value);
    q.set('to', to.value);
    if (vehicle?.value) q.set('vehicle', vehicle.value);
    else q.delete('vehicle');
    ctx.navigate(`${location.pathname}?${q}`);
  });
  return form;
}

/**
 * The vehicles a page offers in its filters and forms, as the API lists them: every vehicle
 * (GET /api/v1/vehicles: the trial's candidates, its references, then the rest), or, for a role
 * that may not read it (a bare admin), the trial configuration's. Asked on each render, so a
 * vehicle registered or a configuration changed shows at the next page; [] when the API fails
 * (the page's own content then says why).
 */
export async function vehicleIds(ctx: Pick<PageContext, 'me'>): Promise<string[]> {
  try {
    if (can(ctx.me, 'summaries.read')) return (await vehicles()).map((v) => v.id);
    if (can(ctx.me, 'trial.read')) return (await trialConfig()).vehicles.map((v) => v.vehicleId);
  } catch {
    // shown by the page's content
  }
  return [];
}
