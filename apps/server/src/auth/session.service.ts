/**
 * Sessions of people (docs/security.md): a new random 256-bit token at every login, stored as its
 * SHA-256; it ends after SESSION_IDLE_TIMEOUT_S without a request or SESSION_ABSOLUTE_TIMEOUT_S
 * after login, whichever comes first, judged on the database clock. The user's roles and disabled
 * flag are read with the session on every request, so a change applies at once.
 */
import { Inject, Injectable } from '@nestjs/common';
import { digestOf } from '../common/bearer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { UserPrincipal } from './principal';
import { newSessionToken } from './secrets';
import { SessionsRepository } from './sessions.repository';

@Injectable()
export class SessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
  ) {}

  /** A new session of `userId`: the token (for the cookie, never stored) and its absolute expiry. */
  async open(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSessionToken();
    const expiresAt = await this.sessions.insert(digestOf(token), userId, this.config.SESSION_ABSOLUTE_TIMEOUT_S);
    return { token, expiresAt };
  }

  /** The signed-in user of a live session, or null; an expired session is deleted on the way. */
  async resolve(token: string): Promise<UserPrincipal | null> {
    const hash = digestOf(token);
    // The idle clock restarts at most every minute (a tenth of the idle timeout if shorter), so a
    // session may end up to that much before SESSION_IDLE_TIMEOUT_S of real inactivity.
    const touchSeconds = Math.min(60, this.config.SESSION_IDLE_TIMEOUT_S / 10);
    const row = await this.sessions.touch(hash, this.config.SESSION_IDLE_TIMEOUT_S, touchSeconds);
    if (!row) {
      await this.sessions.deleteExpired(this.config.SESSION_IDLE_TIMEOUT_S, hash);
      return null;
    }
    return {
      kind: 'user',
      roles: row.roles,
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      label: `user:${row.username}`,
      session: { expiresAt: row.expires_at },
    };
  }

  close(token: string): Promise<void> {
    return this.sessions.delete(digestOf(token));
  }

  /** Ends every session of a user (password reset, disabled). */
  closeAllOf(userId: string): Promise<void> {
    return this.sessions.deleteOfUser(userId);
  }

  sweep(): Promise<number> {
    return this.sessions.deleteExpired(this.config.SESSION_IDLE_TIMEOUT_S);
  }
}
