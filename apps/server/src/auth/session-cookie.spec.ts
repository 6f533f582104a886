import type { HttpAdapterHost } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config';
import { newCredentialSecret, newSessionToken } from './secrets';
import { SessionCookie } from './session-cookie';

const cookieOf = (secure: boolean) =>
  new SessionCookie({ SESSION_COOKIE_SECURE: secure, SESSION_ABSOLUTE_TIMEOUT_S: 60 } as AppConfig, {} as HttpAdapterHost);

describe('SessionCookie.read', () => {
  const token = newSessionToken();
  const secure = cookieOf(true);

  it('finds the session token among other cookies', () => {
    expect(secure.name).toBe('__Host-trial_session');
    expect(secure.read({ headers: { cookie: `theme=dark; __Host-trial_session=${token}; lang=fr` } })).toBe(token);
    expect(secure.read({ headers: { cookie: `__Host-trial_session=${token}` } })).toBe(token);
  });

  it('reads nothing from another name, a look-alike name or a value that is not a token', () => {
    for (const cookie of [
      `trial_session=${token}`,
      `\u00a0__Host-trial_session=${token}`,
      '__Host-trial_session=short',
      `__Host-trial_session=${token}x`,
      '',
    ]) {
      expect(secure.read({ headers: { cookie } })).toBeNull();
    }
    expect(secure.read({ headers: {} })).toBeNull();
  });

  it('is named without the __Host- prefix when it is not Secure (development over plain http only)', () => {
    expect(cookieOf(false).name).toBe('trial_session');
  });
});

describe('new secrets', () => {
  it('are distinct and say what they are', () => {
    expect(newSessionToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCredentialSecret('tablet')).toMatch(/^tab_[A-Za-z0-9_-]{43}$/);
    expect(newCredentialSecret('service')).toMatch(/^svc_[A-Za-z0-9_-]{43}$/);
    const codes = Array.from({ length: 50 }, () => newCredentialSecret('driver'));
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
