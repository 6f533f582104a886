/**
 * Logging in with a username and a password (docs/security.md).
 *  - Throttled per username and per client address, in PostgreSQL so that every API process
 *    counts together: LOGIN_MAX_FAILURES_PER_USER (5) and LOGIN_MAX_FAILURES_PER_ADDRESS (20) per
 *    LOGIN_THROTTLE_WINDOW_S (15 min). An attempt takes a token from both buckets before the
 *    password is checked (so parallel guesses cannot overshoot); a success gives them back (and
 *    empties the username's record), so only failures count. Over the limit: 429 `rate_limited`
 *    with Retry-After, without looking at the password. The buckets refill continuously: after
 *    the burst, one more attempt per window / limit (3 min for a username).
 *  - An unknown or disabled username costs the same argon2 time as a wrong password and gets the
 *    same 401 `invalid_credentials`: the answer does not tell which usernames exist.
 *  - A success always opens a new session (a new random token: the id changes at login) and
 *    closes the one the request came with, if any.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiException } from '../common/api-error';
import { PgRateLimiter, type RateRule } from '../common/pg-rate-limiter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PasswordHasher } from './password-hasher';
import type { UserPrincipal } from './principal';
import { SessionService } from './session.service';
import { UsersRepository } from './users.repository';

export interface LoginAttempt {
  username: string;
  password: string;
  address: string;
  /** The session token the request already carried (closed on success). */
  previousToken: string | null;
}

@Injectable()
export class LoginService {
  private readonly logger = new Logger('Login');
  private readonly perUser: RateRule;
  private readonly perAddress: RateRule;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly limiter: PgRateLimiter,
  ) {
    const windowSeconds = config.LOGIN_THROTTLE_WINDOW_S;
    this.perUser = { name: 'login-user', limit: config.LOGIN_MAX_FAILURES_PER_USER, windowSeconds };
    this.perAddress = { name: 'login-address', limit: config.LOGIN_MAX_FAILURES_PER_ADDRESS, windowSeconds };
  }

  async login(attempt: LoginAttempt): Promise<{ token: string; principal: UserPrincipal }> {
    await this.throttle(attempt);
    const user = await this.users.findByUsername(attempt.username);
    const valid =
      user && !user.disabled
        ? await this.hasher.verify(user.password_hash, attempt.password)
        : await this.hasher.verifyNobody(attempt.password);
    if (!user || !valid) {
      // An unknown username is not logged: it may be a password typed in the wrong field.
      this.logger.warn(`failed login ${user ? `for ${user.username}` : 'for an unknown username'} from ${attempt.address}`);
      throw new ApiException(401, 'invalid_credentials', 'wrong username or password');
    }
    await Promise.all([this.limiter.reset(this.perUser, attempt.username), this.limiter.refund(this.perAddress, attempt.address)]);
    if (this.hasher.needsRehash(user.password_hash)) await this.users.setPassword(user.id, await this.hasher.hash(attempt.password));
    if (attempt.previousToken) await this.sessions.close(attempt.previousToken);
    const { token, expiresAt } = await this.sessions.open(user.id);
    this.logger.log(`${user.username} logged in from ${attempt.address}`);
    return {
      token,
      principal: {
        kind: 'user',
        roles: user.roles,
        userId: user.id,
        username: user.username,
        displayName: user.display_name,
        label: `user:${user.username}`,
        session: { expiresAt },
      },
    };
  }

  private async throttle(attempt: LoginAttempt): Promise<void> {
    const byAddress = await this.limiter.take(this.perAddress, attempt.address);
    if (!byAddress.allowed) this.refuse(byAddress.retryAfterSeconds, 'from this address');
    const byUser = await this.limiter.take(this.perUser, attempt.username);
    if (!byUser.allowed) {
      await this.limiter.refund(this.perAddress, attempt.address);
      this.refuse(byUser.retryAfterSeconds, 'for this username');
    }
  }

  private refuse(retryAfterSeconds: number, what: string): never {
    this.logger.warn(`login throttled ${what}`);
    throw new LoginThrottled(retryAfterSeconds, what);
  }
}

/** 429 with Retry-After (the controller sets the header from `retryAfterSeconds`). */
export class LoginThrottled extends ApiException {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super(429, 'rate_limited', `too many failed logins ${what}: retry after ${retryAfterSeconds} s`);
  }
}
