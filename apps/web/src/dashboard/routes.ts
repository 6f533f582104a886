/**
 * The dashboard's pages, their addresses and who may open them. This is the one place that maps
 * roles to pages (the API's guards decide what is served; this only hides what a role would be
 * refused): engineers see everything but administration; policymakers the summary pages
 * (comparison, passengers' aggregate ratings, data-quality summary), never an individual rating
 * or a driver's identity; admins the admin page.
 */
import type { Me, StaffRole } from './api/auth';
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
  roles: readonly StaffRole[];
  /** Shown in the navigation (a detail page is reached from its list). */
  nav?: TextKey;
  /** Address of a navigation entry. */
  href?: string;
  load: () => Promise<PageModule>;
}

const ENGINEER = ['engineer'] as const;
const SUMMARY = ['engineer', 'policymaker'] as const;

export const ROUTES: readonly Route[] = [
  { id: 'live', pattern: /^\/dashboard\/live$/, params: [], roles: ENGINEER, nav: 'nav.live', href: '/dashboard/live', load: async () => import('./pages/live') },
  { id: 'trips', pattern: /^\/dashboard\/trips$/, params: [], roles: ENGINEER, nav: 'nav.trips', href: '/dashboard/trips', load: async () => import('./pages/trips') },
  { id: 'trip', pattern: /^\/dashboard\/trips\/([^/]+)\/([^/]+)$/, params: ['vehicleId', 'tripKey'], roles: ENGINEER, load: async () => import('./pages/trip') },
  { id: 'day', pattern: /^\/dashboard\/day$/, params: [], roles: ENGINEER, nav: 'nav.day', href: '/dashboard/day', load: async () => import('./pages/day') },
  { id: 'compare', pattern: /^\/dashboard\/compare$/, params: [], roles: SUMMARY, nav: 'nav.compare', href: '/dashboard/compare', load: async () => import('./pages/compare') },
  { id: 'passengers', pattern: /^\/dashboard\/passengers$/, params: [], roles: SUMMARY, nav: 'nav.passengers', href: '/dashboard/passengers', load: async () => import('./pages/passengers') },
  { id: 'quality', pattern: /^\/dashboard\/quality$/, params: [], roles: SUMMARY, nav: 'nav.quality', href: '/dashboard/quality', load: async () => import('./pages/quality') },
  { id: 'alerts', pattern: /^\/dashboard\/alerts(?:\/([^/]+))?$/, params: ['alertId'], roles: ENGINEER, nav: 'nav.alerts', href: '/dashboard/alerts', load: async () => import('./pages/alerts') },
  { id: 'reports', pattern: /^\/dashboard\/reports$/, params: [], roles: SUMMARY, nav: 'nav.reports', href: '/dashboard/reports', load: async () => import('./pages/reports') },
  { id: 'admin', pattern: /^\/dashboard\/admin$/, params: [], roles: ['admin'], nav: 'nav.admin', href: '/dashboard/admin', load: async () => import('./pages/admin') },
];

export const mayOpen = (route: Pick<Route, 'roles'>, me: Me): boolean => route.roles.includes(me.role);
/** Engineers may see individual ratings, comments and driver ids. */
export const seesIndividuals = (me: Me): boolean => me.role === 'engineer';

export function match(pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (m) return { route, params: Object.fromEntries(route.params.map((p, i) => [p, m[i + 1] ? decodeURIComponent(m[i + 1]) : ''])) };
  }
  return null;
}

/** Where a role lands on /dashboard. */
export function home(me: Me): string {
  const first = ROUTES.find((r) => r.nav && mayOpen(r, me));
  return first?.href ?? '/dashboard/login';
}
