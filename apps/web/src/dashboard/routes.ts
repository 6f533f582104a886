/**
 * The dashboard's pages, their addresses and who may open them: the one place that maps roles to
 * pages. A page is for some roles (`roles`) and needs the contract permission its data is served
 * under (`permission`, libs/contract/src/permissions.ts): the API's guards decide what is served,
 * this only hides what a person would be refused. Engineers see every page but administration;
 * policymakers the summary pages (comparison, passengers' aggregate ratings, data-quality summary,
 * reports) — not the live and trip pages, which are the engineers' operational tools, though the
 * API serves their pseudonymous summaries to policymakers too; admins the admin page. A person
 * may hold several roles (the first admin is admin and engineer): they see the pages of each.
 */
import type { PersonRole, Permission } from './api/contract';
import { can, type Me } from './api/auth';
import type { TextKey } from './i18n';
import type { PageContext } from './page';

export type PageId = 'live' | 'trips' | 'trip' | 'day' | 'compare' | 'passengers' | 'quality' | 'alerts' | 'admin' | 'reports';

export interface PageModule {
  render(ctx: PageContext): Promise<void> | void;
}

export interface Route {
  id: PageId;
  pattern: RegExp;
  /** Parameter names of the pattern's groups. */
  params: string[];
  roles: readonly PersonRole[];
  /** The permission the page's data needs. */
  permission?: Permission;
  /** Shown in the navigation (a detail page is reached from its list). */
  nav?: TextKey;
  /** Address of a navigation entry. */
  href?: string;
  load: () => Promise<PageModule>;
}

const ENGINEER = ['engineer'] as const;
const SUMMARY = ['engineer', 'policymaker'] as const;

export const ROUTES: readonly Route[] = [
  {
    id: 'live',
    pattern: /^\/dashboard\/live$/,
    params: [],
    roles: ENGINEER,
    permission: 'live.read',
    nav: 'nav.live',
    href: '/dashboard/live',
    load: async () => import('./pages/live'),
  },
  {
    id: 'trips',
    pattern: /^\/dashboard\/trips$/,
    params: [],
    roles: ENGINEER,
    permission: 'summaries.read',
    nav: 'nav.trips',
    href: '/dashboard/trips',
    load: async () => import('./pages/trips'),
  },
  {
    id: 'trip',
    pattern: /^\/dashboard\/trips\/([^/]+)\/([^/]+)$/,
    params: ['vehicleId', 'tripKey'],
    roles: ENGINEER,
    permission: 'summaries.read',
    load: async () => import('./pages/trip'),
  },
  {
    id: 'day',
    pattern: /^\/dashboard\/day$/,
    params: [],
    roles: ENGINEER,
    permission: 'summaries.read',
    nav: 'nav.day',
    href: '/dashboard/day',
    load: async () => import('./pages/day'),
  },
  {
    id: 'compare',
    pattern: /^\/dashboard\/compare$/,
    params: [],
    roles: SUMMARY,
    permission: 'summaries.read',
    nav: 'nav.compare',
    href: '/dashboard/compare',
    load: async () => import('./pages/compare'),
  },
  {
    id: 'passengers',
    pattern: /^\/dashboard\/passengers$/,
    params: [],
    roles: SUMMARY,
    permission: 'feedback.aggregates.read',
    nav: 'nav.passengers',
    href: '/dashboard/passengers',
    load: async () => import('./pages/passengers'),
  },
  {
    id: 'quality',
    pattern: /^\/dashboard\/quality$/,
    params: [],
    roles: SUMMARY,
    permission: 'summaries.read',
    nav: 'nav.quality',
    href: '/dashboard/quality',
    load: async () => import('./pages/quality'),
  },
  {
    id: 'alerts',
    pattern: /^\/dashboard\/alerts(?:\/(\d+))?$/,
    params: ['alertId'],
    roles: ENGINEER,
    permission: 'alerts.read',
    nav: 'nav.alerts',
    href: '/dashboard/alerts',
    load: async () => import('./pages/alerts'),
  },
  {
    id: 'reports',
    pattern: /^\/dashboard\/reports$/,
    params: [],
    roles: SUMMARY,
    permission: 'reports.read',
    nav: 'nav.reports',
    href: '/dashboard/reports',
    load: async () => import('./pages/reports'),
  },
  {
    id: 'admin',
    pattern: /^\/dashboard\/admin$/,
    params: [],
    roles: ['admin'],
    permission: 'users.manage',
    nav: 'nav.admin',
    href: '/dashboard/admin',
    load: async () => import('./pages/admin'),
  },
];

export const mayOpen = (route: Pick<Route, 'roles' | 'permission'>, me: Me): boolean =>
  route.roles.some((r) => (me.roles as readonly string[]).includes(r)) && (!route.permission || can(me, route.permission));
/** Engineers may see individual ratings, comments and driver ids. */
export const seesIndividuals = (me: Me): boolean => can(me, 'ratings.read');

export function match(pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (m) return { route, params: Object.fromEntries(route.params.map((p, i) => [p, m[i + 1] ? decodeURIComponent(m[i + 1]) : ''])) };
  }
  return null;
}

/** Where a person lands on /dashboard. */
export function home(me: Me): string {
  const first = ROUTES.find((r) => r.nav && mayOpen(r, me));
  return first?.href ?? '/dashboard/login';
}
