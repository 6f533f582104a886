/**
 * Access control (docs/security.md), global so that every module's routes and guards use it:
 *  - AccessGuard (APP_GUARD): every route declares `@Auth(...)` or `@Public()` (auth.decorators.ts);
 *  - CredentialService: the one resolution of a request's credential (session cookie, bearer);
 *  - DriverPseudonyms: driver ids outside the engineer role (pseudonym.ts);
 *  - AuthSeeder: the first admin and the environment's tokens at start-up.
 * The HTTP endpoints (login, the admin API) are in AuthApiModule and AdminModule (role `api`).
 */
import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { PgRateLimiter } from '../common/pg-rate-limiter';
import { AccessGuard, UNDECLARED_ROUTES, UNDECLARED_ROUTES_MODE } from './access.guard';
import { AuthSeeder } from './auth-seeder';
import { AuthSweeper } from './auth-sweeper';
import { CredentialService } from './credential.service';
import { CredentialsRepository } from './credentials.repository';
import { PasswordHasher } from './password-hasher';
import { DriverPseudonyms } from './pseudonym';
import { RouteDeclarationsReport } from './route-declarations';
import { SessionCookie } from './session-cookie';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

const shared = [
  CredentialService,
  CredentialsRepository,
  SessionService,
  SessionsRepository,
  SessionCookie,
  UsersRepository,
  PasswordHasher,
  PgRateLimiter,
  DriverPseudonyms,
];

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    ...shared,
    AuthSeeder,
    AuthSweeper,
    RouteDeclarationsReport,
    { provide: UNDECLARED_ROUTES, useValue: UNDECLARED_ROUTES_MODE },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: shared,
})
export class AuthModule {}
