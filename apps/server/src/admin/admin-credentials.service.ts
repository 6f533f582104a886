/**
 * Tablet tokens (bound to a coach), driver codes (bound to a driver id) and API tokens (one person
 * role), created and revoked without a restart. The new secret is answered once and only its
 * SHA-256 is stored; a revocation applies to the very next request (CredentialService looks every
 * bearer up in the table, there is no cache to invalidate).
 */
import { Injectable } from '@nestjs/common';
import type { CreateCredentialRequest, CreatedCredential, CredentialQuery, CredentialView } from '@app/contract';
import { CredentialService } from '../auth/credential.service';
import { CredentialsRepository } from '../auth/credentials.repository';
import { newCredentialSecret } from '../auth/secrets';
import { ApiException } from '../common/api-error';
import { digestOf } from '../common/bearer';
import { credentialView } from './views';

@Injectable()
export class AdminCredentialsService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly resolver: CredentialService,
  ) {}

  async list(query: CredentialQuery): Promise<CredentialView[]> {
    return (await this.credentials.list({ kind: query.kind, revoked: query.revoked ?? false })).map(credentialView);
  }

  async create(input: CreateCredentialRequest, createdBy: string | null): Promise<CreatedCredential> {
    if (input.kind === 'tablet' && !(await this.credentials.vehicleExists(input.vehicleId))) {
      throw new ApiException(422, 'unknown_vehicle', `vehicle ${input.vehicleId} is not in the trial`, [
        { path: 'vehicleId', code: 'unknown_vehicle', message: 'not a vehicle of the trial' },
      ]);
    }
    const secret = newCredentialSecret(input.kind);
    const row = await this.credentials.insert({
      kind: input.kind,
      vehicle_id: input.kind === 'tablet' ? input.vehicleId : null,
      driver_id: input.kind === 'driver' ? input.driverId : null,
      role: input.kind === 'service' ? input.role : null,
      token_hash: digestOf(secret),
      label: input.label ?? '',
      origin: 'admin',
      created_by: createdBy,
    });
    // 256 (or 60) fresh random bits never collide; if they did, refusing is the safe answer.
    if (!row) throw new Error('a new credential collided with a stored one');
    return { credential: credentialView(row), secret };
  }

  async revoke(id: string, by: string | null): Promise<CredentialView> {
    const row = await this.credentials.revoke(id, by);
    this.resolver.invalidate();
    if (!row) throw new ApiException(404, 'not_found', 'no such credential');
    return credentialView(row);
  }
}
