/**
 * The dashboard's shell: who is signed in, the header (brand, navigation for the role, live alert
 * count, the user's name and role, FR/EN, sign out), client-side navigation between the pages
 * under /dashboard/, and the one live stream every page shares.
 */
import { h } from '../lib/dom';
import { listAlerts, isOpen } from './api/alerts';
import { logout, me as fetchMe, type Me } from './api/auth';
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

const app = document.getElementById('app')!;

export async function start(): Promise<void> {
  setUnauthorizedHandler(() => toLogin());
  addEventListener('popstate', () => void render());
  document.addEventListener('click', onLinkClick);
  live.on('alert', () => scheduleAlertCount());
  live.onReconnect(() => scheduleAlertCount());
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

function toLogin(): void {
  if (location.pathname === '/dashboard/login') return;
  me = null;
  live.stop();
  navigate(`/dashboard/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
}

async function render(): Promise<void> {
  for (const fn of leaving) fn();
  leaving = [];
  destroyCharts();
  const path = location.pathname.replace(/\/+$/, '') || '/dashboard';
  if (path === '/dashboard/login') {
    app.replaceChildren(renderLogin({ onSignedIn: (who) => { me = who; } }, navigate));
    return;
  }
  if (!me) {
    app.replaceChildren(loading());
    try {
      me = await fetchMe();
    } catch (error) {
      app.replaceChildren(h('main', { id: 'main' }, errorBox(error)));
      return;
    }
    if (!me) return toLogin();
    live.start();
    scheduleAlertCount(0);
  }
  const who = me;
  if (path === '/dashboard') return navigate(home(who), true);
  const found = match(path);
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
    main.append(h('h1', {}, t('common.forbiddenTitle')), h('p', {}, t('common.forbidden', { role: t(`role.${who.role}`) })));
    return;
  }
  const ctx: PageContext = {
    main, me: who, params: found.params, query: new URLSearchParams(location.search), live,
    navigate, onLeave: (fn) => leaving.push(fn),
  };
  main.setAttribute('data-page', found.route.id);
  try {
    const page = await found.route.load();
    await page.render(ctx);
  } catch (error) {
    main.append(errorBox(error));
  }
}

function header(who: Me, current: string | undefined): HTMLElement {
  const nav = h('ul', { class: 'nav' });
  for (const r of ROUTES) {
    if (!r.nav || !r.href || !mayOpen(r, who)) continue;
    const active = current === r.id || (r.id === 'trips' && current === 'trip');
    const link = h('a', { href: r.href, 'aria-current': active ? 'page' : undefined }, t(r.nav));
    if (r.id === 'alerts') link.append(h('span', { class: 'alert-count', id: 'alert-count', hidden: alertCount === null }, ...alertBadge()));
    nav.append(h('li', {}, link));
  }
  const langs = langSwitch(() => void render());
  const user = h('p', { class: 'user' },
    h('span', { class: 'user-name', 'data-testid': 'user-name' }, who.displayName || who.username || t('header.unknownUser')),
    h('span', { class: 'user-role', 'data-role': who.role }, t(`role.${who.role}`)));
  const out = h('button', { type: 'button', class: 'btn btn-quiet', 'data-action': 'logout' }, t('header.logout'));
  out.addEventListener('click', () => void signOut());
  if (!who.authenticated) out.hidden = true;
  return h('header', { class: 'top' },
    h('a', { class: 'skip', href: '#main' }, t('header.skip')),
    h('p', { class: 'brand' }, h('span', { class: 'brand-line' }, '101'), t('app.brand')),
    h('nav', { 'aria-label': t('header.nav') }, nav),
    h('div', { class: 'top-right' }, user, langs, out));
}

function alertBadge(): Node[] {
  if (alertCount === null) return [];
  return [document.createTextNode(String(alertCount)), h('span', { class: 'visually-hidden' }, ` ${t('header.openAlerts', { n: alertCount })}`)];
}

async function signOut(): Promise<void> {
  try {
    await logout();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  me = null;
  live.stop();
  alertCount = null;
  navigate('/dashboard/login', true);
}

/** The header's count of open alerts, refreshed on every alert the stream pushes (at most every 500 ms). */
function scheduleAlertCount(delay = 500): void {
  if (!me || me.role !== 'engineer') return;
  clearTimeout(alertTimer);
  alertTimer = setTimeout(() => void refreshAlertCount(), delay);
}

async function refreshAlertCount(): Promise<void> {
  try {
    alertCount = (await listAlerts()).filter(isOpen).length;
  } catch {
    alertCount = null;
  }
  const badge = document.getElementById('alert-count');
  if (!badge) return;
  badge.replaceChildren(...alertBadge());
  badge.hidden = alertCount === null;
  badge.setAttribute('data-count', String(alertCount ?? ''));
  document.dispatchEvent(new CustomEvent('alerts-changed'));
}

export const liveClient = live;
