/**
 * The signed-in person (libs/contract `Me`), against the access-control API:
 *   POST /api/v1/auth/login { username, password } → 200 Me (sets the session cookie) | 401 | 429
 *   POST /api/v1/auth/logout → 204
 *   GET  /api/v1/auth/me → Me | 401
 * The session lives in an HttpOnly cookie the page never sees; what a person may open is derived
 * from their roles with the contract's permission table (the API's guards decide what is served).
 */
import { may, type Permission } from '../../../../../libs/contract/src/permissions';
import type { Me } from './contract';
import { ApiError, get, post } from './http';

export type { Me };

/** The signed-in person, or null when nobody is (401). */
export async function me(): Promise<Me | null> {
  try {
    return await get<Me>('auth/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export const login = (username: string, password: string): Promise<Me> => post<Me>('auth/login', { username, password });

export async function logout(): Promise<void> {
  await post('auth/logout');
}

/** Whether the signed-in person holds `permission` (any of their roles). */
export const can = (who: Me, permission: Permission): boolean => may(who.roles, permission);
