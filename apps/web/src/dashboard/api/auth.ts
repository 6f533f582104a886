/**
 * Session of the person using the dashboard, against the access-control API:
 *   POST /api/v1/auth/login { username, password } → 200 the user | 401 | 429 (one error shape)
 *   POST /api/v1/auth/logout
 *   GET  /api/v1/auth/me → the user, role and permissions
 * Until that API is deployed (GET auth/me answers 404), the page runs on whatever credential the
 * browser sends (development and the browser tests' bearer header) and calls the person an
 * engineer: navigation is a convenience, the API's guards decide what is served.
 */
import { ApiError, get, post } from './http';

export type StaffRole = 'engineer' | 'policymaker' | 'admin';

export interface Me {
  username: string | null;
  displayName?: string | null;
  role: StaffRole;
  /** From libs/contract permissions when the server sends them. */
  permissions?: string[];
  /** false when the auth API is missing and the role is assumed. */
  authenticated: boolean;
}

interface MeBody {
  id?: string;
  username: string;
  displayName?: string | null;
  role: StaffRole;
  roles?: StaffRole[];
  permissions?: string[];
}

const fromBody = (b: MeBody | { user: MeBody } & Partial<MeBody>): Me => {
  const u = 'user' in b && b.user ? { ...b.user, permissions: b.permissions ?? b.user.permissions } : (b as MeBody);
  return { username: u.username, displayName: u.displayName ?? null, role: u.role ?? u.roles?.[0] ?? 'policymaker', permissions: u.permissions, authenticated: true };
};

/** The signed-in person, or null when nobody is (401). */
export async function me(): Promise<Me | null> {
  try {
    return fromBody(await get<MeBody>('auth/me'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    if (e instanceof ApiError && e.missing) return { username: null, role: 'engineer', authenticated: false };
    throw e;
  }
}

export async function login(username: string, password: string): Promise<Me> {
  return fromBody(await post<MeBody>('auth/login', { username, password }));
}

export async function logout(): Promise<void> {
  await post('auth/logout');
}
