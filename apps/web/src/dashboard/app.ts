/**
 * The dashboard's shell: who is signed in (GET /api/v1/auth/me; the session is an HttpOnly cookie),
 * the header (brand, navigation for the person's roles, the live count of open alerts, the user's
 * name and roles, FR/EN, sign out), client-side navigation between the pages under /dashboard/,
 * and the one live stream every page shares. Alerts appear live on every page: the count in the
 * header follows each alert message's `openCount`, and a new or worsening alert is announced.
 */
import { h } from '../lib/dom';
import { openAlertCount } from './api/alerts';
import { can, logout, me as fetchMe, type Me } from './api/auth';
import type { LiveMessage } from './api/contract';
import { ApiError, setUnauthorizedHandler } from './api/http';
import { t } from './i18n';
import { langSwitch } from './lib/lang-switch';
import { destroyCharts } from './lib/charts';
import { LiveClient } from './lib/live-client';
import type { PageContext } from './page';
import { errorBox, loading } from './page';
import { renderLogin } from './pages/login';
import { home, match, mayOpen, ROUTES } from './routes';

const live = new LiveClient();
let me: Me | null = null;
let leaving: Array<() => void> = [];
let alertCount: number | null = null;
let alertTimer: ReturnType<typeof setTimeout> | undefined;
let announceTimer: ReturnType<typeof setTimeout> | undefined;

const app = document.getElementById('app')!;

export async function start(): Promise<void> {
  setUnauthorizedHandler(() => toLogin());
  addEventListener('popstate', () => void render());
  document.addEventListener('click', onLinkClick);
  live.on('alert', onAlert);
  live.onReconnect(() => scheduleAlertCount(0));
  live.onState((c) => document.body.setAttribute('data-live', c ? 'connected' : 'disconnected'));
  await render();
}

function onLinkClick(e: MouseEvent): void {
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.hasAttribute('download') || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/dashboard')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
}

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  void render();
}

function signedOut(): void {
  me = null;
  live.stop();
  alertCount = null;
  clearTimeout(alertTimer);
}

function toLogin(): void {
  if (location.pathname === '/dashboard/login') return;
  signedOut();
  navigate(`/dashboard/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
}

async function render(): Promise<void> {
  for (const fn of leaving) fn();
  leaving = [];
  destroyCharts();
  const path = location.pathname.replace(/\/+$/, '') || '/dashboard';
  if (path === '/dashboard/login') {
    // A new sign-in starts from nothing: the previous person's stream and count are dropped.
    signedOut();
    app.replaceChildren(renderLogin({ onSignedIn: (who) => signedIn(who) }, navigate));
    return;
  }
  if (!me) {
    app.replaceChildren(loading());
    let who: Me | null;
    try {
      who = await fetchMe();
    } catch (error) {
      app.replaceChildren(h('main', { id: 'main' }, errorBox(error)));
      return;
    }
    if (!who) return toLogin();
    signedIn(who);
  }
  const who = me!;
  const found = path === '/dashboard' ? null : match(path);
  if (path === '/dashboard' && home(who) !== '/dashboard/login') return navigate(home(who), true);
  const main = h('main', { id: 'main', tabindex: -1 });
  app.replaceChildren(header(who, found?.route.id), main);
  if (!found) {
    main.append(h('h1', {}, t('common.notFound')));
    document.title = `${t('common.notFound')} – ${t('app.title')}`;
    return;
  }
  const title = found.route.nav ? t(found.route.nav) : t(`page.${found.route.id}` as 'page.trip');
  document.title = `${title} – ${t('app.title')}`;
  if (!mayOpen(found.route, who)) {
    main.setAttribute('data-forbidden', 'true');
    main.append(
      h('h1', {}, t('common.forbiddenTitle')),
      h('p', {}, t('common.forbidden', { roles: rolesText(who) })),
      h('p', {}, h('a', { href: home(who) }, t('common.home'))),
    );
    return;
  }
  const ctx: PageContext = {
    main,
    me: who,
    params: found.params,
    query: new URLSearchParams(location.search),
    live,
    navigate,
    onLeave: (fn) => leaving.push(fn),
  };
  main.setAttribute('data-page', found.route.id);
  try {
    const page = await found.route.load();
    await page.render(ctx);
  } catch (error) {
    main.append(errorBox(error));
  }
}

function signedIn(who: Me): void {
  me = who;
  // The live stream and the alert count only for those the API serves them to.
  if (can(who, 'live.read')) live.start();
  if (can(who, 'alerts.read')) scheduleAlertCount(0);
}

const rolesText = (who: Me): string => who.roles.map((r) => t(`role.${r}` as 'role.engineer')).join(', ');

function header(who: Me, current: string | undefined): HTMLElement {
  const nav = h('ul', { class: 'nav' });
  for (const r of ROUTES) {
    if (!r.nav || !r.href || !mayOpen(r, who)) continue;
    const active = current === r.id || (r.id === 'trips' && current === 'trip');
    const link = h('a', { href: r.href, 'aria-current': active ? 'page' : undefined }, t(r.nav));
    if (r.id === 'alerts') {
      link.append(
        ' ',
        h(
          'span',
          { class: 'alert-count', id: 'alert-count', hidden: alertCount === null, 'data-count': alertCount ?? '' },
          ...alertBadge(),
        ),
      );
    }
    nav.append(h('li', {}, link));
  }
  const langs = langSwitch(() => void render());
  const user = h(
    'p',
    { class: 'user' },
    h(
      'span',
      { class: 'user-name', 'data-testid': 'user-name', title: who.user?.username },
      who.user?.displayName || who.user?.username || t('header.unknownUser'),
    ),
    h('span', { class: 'user-role', 'data-role': who.roles.join(' ') }, rolesText(who)),
  );
  const out = h('button', { type: 'button', class: 'btn btn-quiet', 'data-action': 'logout' }, t('header.logout'));
  out.addEventListener('click', () => void signOut());
  if (who.kind !== 'user') out.hidden = true;
  return h(
    'header',
    { class: 'top' },
    h('a', { class: 'skip', href: '#main' }, t('header.skip')),
    h('p', { class: 'brand' }, h('span', { class: 'brand-line' }, '101'), t('app.brand')),
    h('nav', { 'aria-label': t('header.nav') }, nav),
    h('div', { class: 'top-right' }, user, langs, out),
    h('p', { class: 'announce', id: 'alert-announce', role: 'status', 'aria-live': 'polite' }),
  );
}

function alertBadge(): Node[] {
  if (alertCount === null) return [];
  // The number for the eye; the sentence for screen readers (the link already says "Alertes").
  return [
    h('span', { 'aria-hidden': 'true' }, String(alertCount)),
    h('span', { class: 'visually-hidden' }, ` (${t('header.openAlerts', { n: alertCount })})`),
  ];
}

async function signOut(): Promise<void> {
  try {
    await logout();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  signedOut();
  navigate('/dashboard/login', true);
}

/** An alert changed: the count is the message's own (no request), a new or worse alert is announced. */
function onAlert(m: LiveMessage): void {
  if (m.kind !== 'alert' || !me || !can(me, 'alerts.read')) return;
  setAlertCount(m.openCount);
  if (m.change === 'firing' || m.change === 'refiring' || m.change === 'severity' || m.change === 'escalated') {
    const box = document.getElementById('alert-announce');
    if (box) {
      box.replaceChildren(
        h(
          'a',
          { href: `/dashboard/alerts/${m.alert.id}` },
          t('header.alertNews', {
            severity: t(`severity.${m.alert.severity}`),
            vehicle: m.alert.vehicleId ?? t('alerts.fleet'),
            summary: m.alert.summary,
          }),
        ),
      );
      clearTimeout(announceTimer);
      announceTimer = setTimeout(() => box.replaceChildren(), 15_000);
    }
  }
  document.dispatchEvent(new CustomEvent('alerts-changed', { detail: m }));
}

/** The count re-read from the API (at start, and after the stream reconnected or resynced). */
function scheduleAlertCount(delay = 500): void {
  if (!me || !can(me, 'alerts.read')) return;
  clearTimeout(alertTimer);
  alertTimer = setTimeout(() => {
    openAlertCount().then(setAlertCount, () => setAlertCount(null));
    document.dispatchEvent(new CustomEvent('alerts-changed'));
  }, delay);
}

function setAlertCount(n: number | null): void {
  alertCount = n;
  const badge = document.getElementById('alert-count');
  if (!badge) return;
  badge.replaceChildren(...alertBadge());
  badge.hidden = alertCount === null;
  badge.setAttribute('data-count', String(alertCount ?? ''));
}

export const liveClient = live;
