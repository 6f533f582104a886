/**
 * The session cookie: `__Host-trial_session=<43 characters>; Max-Age=<absolute timeout>; Path=/;
 * HttpOnly; Secure; SameSite=Lax`.
 *  - `__Host-`: the browser only keeps it if it is Secure, host-only (no Domain) and Path=/, so a
 *    sibling subdomain cannot plant or shadow it.
 *  - Secure on plain http: Chromium and Firefox treat http://localhost and http://127.0.0.1 as
 *    secure contexts and keep Secure cookies there (checked with Debian's Chromium 156, which
 *    drops them on http://192.0.2.2). For development over plain http on another address,
 *    SESSION_COOKIE_SECURE=false names it `trial_session` without Secure (refused in production).
 *  - SameSite=Lax: not sent with cross-site POSTs (CSRF), but sent when a link from elsewhere opens
 *    a page, so a bookmarked dashboard opens signed in. State changes are also refused cross-site
 *    by the CSRF check (common/http-boundary.ts).
 * Written with the HTTP adapter's own setCookie (RFC 6265 validation, Max-Age in seconds).
 */
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SESSION_TOKEN_PATTERN } from './secrets';

export const SECURE_SESSION_COOKIE = '__Host-trial_session';
export const PLAIN_SESSION_COOKIE = 'trial_session';

@Injectable()
export class SessionCookie {
  readonly name: string;
  private readonly secure: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.secure = config.SESSION_COOKIE_SECURE;
    this.name = this.secure ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE;
  }

  /** The session token the request carries, or null (absent or not of a session token's form). */
  read(req: Pick<Request, 'headers'>): string | null {
    const header = req.headers.cookie;
    if (!header) return null;
    for (const pair of header.split(';')) {
      const eq = pair.indexOf('=');
      // Only spaces and tabs are trimmed (RFC 6265 §5.2): "\u00a0__Host-…" is another cookie.
      if (eq < 0 || pair.slice(0, eq).replace(/^[ \t]+|[ \t]+$/g, '') !== this.name) continue;
      const value = pair.slice(eq + 1).replace(/^[ \t]+|[ \t]+$/g, '');
      return SESSION_TOKEN_PATTERN.test(value) ? value : null;
    }
    return null;
  }

  set(res: Response, token: string): void {
    this.adapterHost.httpAdapter.setCookie(res, this.name, token, { ...this.attributes(), maxAge: this.config.SESSION_ABSOLUTE_TIMEOUT_S });
  }

  clear(res: Response): void {
    this.adapterHost.httpAdapter.clearCookie(res, this.name, this.attributes());
  }

  private attributes() {
    return { path: '/', httpOnly: true, secure: this.secure, sameSite: 'lax' as const };
  }
}
