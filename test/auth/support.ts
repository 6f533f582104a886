/** Helpers of the access-control tests: log in, read the session cookie, create users and credentials through the admin API. */
import type { CreatedCredential, CreateCredentialRequest, PersonRole, UserView } from '@app/contract';
import { expect } from 'vitest';
import { call, type Reply } from '../feedback/support';

export const ADMIN = { username: 'admin', password: 'trial-admin-dev' } as const;
export const COOKIE_NAME = '__Host-trial_session';

/** The `name=value` of the session cookie a response sets (for a Cookie header), or null. */
export function sessionCookieOf(reply: Reply): string | null {
  const set = reply.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE_NAME}=`));
  return set ? set.split(';')[0] : null;
}

export async function logIn(
  base: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Reply & { cookie: string | null }> {
  const reply = await call(base, 'POST', '/api/v1/auth/login', { body: { username, password }, headers });
  return { ...reply, cookie: sessionCookieOf(reply) };
}

/** Logs in and returns the Cookie header; fails the test if the login does not succeed. */
export async function sessionOf(base: string, username: string, password: string): Promise<string> {
  const reply = await logIn(base, username, password);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.cookie!;
}

export async function createUser(
  base: string,
  adminCookie: string,
  username: string,
  roles: PersonRole[],
  password = `${username}-password-123`,
): Promise<UserView & { password: string }> {
  const reply = await call(base, 'POST', '/api/v1/admin/users', {
    body: { username, displayName: username, roles, password },
    headers: { cookie: adminCookie },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return { ...(reply.body as UserView), password };
}

export async function createCredential(base: string, adminCookie: string, body: CreateCredentialRequest): Promise<CreatedCredential> {
  const reply = await call(base, 'POST', '/api/v1/admin/credentials', { body, headers: { cookie: adminCookie } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as CreatedCredential;
}

/** The one error body (docs/errors.md). */
export const errorShape = (statusCode: number, code: string) => ({
  statusCode,
  code,
  message: expect.any(String),
  errors: expect.any(Array),
});
