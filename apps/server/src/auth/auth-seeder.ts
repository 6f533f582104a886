/**
 * What the configuration puts in the access-control tables at start-up (every process may run it:
 * each step is idempotent and safe when two processes start together):
 *  - TABLET_TOKENS, DRIVER_CODES, ENGINEER_TOKENS, ADMIN_TOKENS are imported into api_credential
 *    when their hash is absent. A token already there — active or revoked — is left as it is, so
 *    a revocation in the admin API survives a restart with the same environment. The development
 *    defaults are seeds like any other (`npm run trial`, the simulator and the tests use them);
 *    production imports nothing unless set.
 *  - The first admin: when no enabled user holds the admin role, ADMIN_USERNAME is created with
 *    ADMIN_PASSWORD and the roles admin + engineer (so that the person who installs the trial can
 *    open the dashboard; remove `engineer` in the admin API to separate the duties). If that user
 *    exists (every admin was disabled), it is re-enabled with the configured password: the way
 *    back in for an operator who locked everyone out. With an enabled admin, ADMIN_PASSWORD is
 *    not used: changing it does not change anybody's password.
 */
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { CredentialKind, PersonRole } from '@app/contract';
import { DataSource } from 'typeorm';
import { advisoryXactLock } from '../common/advisory-lock';
import { digestOf } from '../common/bearer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CredentialsRepository } from './credentials.repository';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

const FIRST_ADMIN_ROLES: PersonRole[] = ['admin', 'engineer'];

interface Seed {
  kind: CredentialKind;
  secret: string;
  vehicleId?: string;
  driverId?: string;
  role?: PersonRole;
  source: string;
}

@Injectable()
export class AuthSeeder implements OnModuleInit {
  private readonly logger = new Logger('AuthSeeder');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly credentials: CredentialsRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.importCredentials();
    await this.ensureFirstAdmin();
  }

  private seeds(): Seed[] {
    const c = this.config;
    return [
      ...Object.entries(c.TABLET_TOKENS).map(([vehicleId, secret]): Seed => ({
        kind: 'tablet',
        secret,
        vehicleId,
        source: `TABLET_TOKENS ${vehicleId}`,
      })),
      ...Object.entries(c.DRIVER_CODES).map(([driverId, secret]): Seed => ({
        kind: 'driver',
        secret,
        driverId,
        source: `DRIVER_CODES ${driverId}`,
      })),
      ...c.ENGINEER_TOKENS.map((secret, i): Seed => ({ kind: 'service', secret, role: 'engineer', source: `ENGINEER_TOKENS #${i + 1}` })),
      ...c.ADMIN_TOKENS.map((secret, i): Seed => ({ kind: 'service', secret, role: 'admin', source: `ADMIN_TOKENS #${i + 1}` })),
    ];
  }

  private async importCredentials(): Promise<void> {
    let imported = 0;
    for (const seed of this.seeds()) {
      const row = await this.credentials.insert({
        kind: seed.kind,
        vehicle_id: seed.vehicleId ?? null,
        driver_id: seed.driverId ?? null,
        role: seed.role ?? null,
        token_hash: digestOf(seed.secret),
        label: seed.source,
        origin: 'config',
        created_by: null,
      });
      if (row) imported++;
    }
    if (imported) this.logger.log(`imported ${imported} credentials from the environment`);
  }

  private async ensureFirstAdmin(): Promise<void> {
    if ((await this.users.countEnabledAdmins()) > 0) return;
    const passwordHash = await this.hasher.hash(this.config.ADMIN_PASSWORD);
    const username = this.config.ADMIN_USERNAME;
    const outcome = await this.dataSource.transaction(async (m) => {
      await advisoryXactLock(m, 'auth.admins');
      if ((await this.users.countEnabledAdmins(m)) > 0) return 'present';
      const existing = await this.users.findByUsername(username, m);
      if (!existing) {
        await this.users.insert({ username, displayName: 'Administrator', roles: FIRST_ADMIN_ROLES, passwordHash }, m);
        return 'created';
      }
      const roles = [...new Set<PersonRole>([...existing.roles, 'admin'])];
      await this.users.update(existing.id, { roles, disabled: false }, m);
      await this.users.setPassword(existing.id, passwordHash, m);
      return 'restored';
    });
    if (outcome === 'created') this.logger.log(`created the first admin "${username}" (ADMIN_USERNAME / ADMIN_PASSWORD)`);
    if (outcome === 'restored') this.logger.warn(`no enabled admin: re-enabled "${username}" with ADMIN_PASSWORD`);
  }
}
