/** HTTP of tablet tokens, driver codes and API tokens (role admin): thin, the rules are in AdminCredentialsService. */
import { Body, Controller, Delete, Get, Header, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  createCredentialSchema, credentialQuerySchema, idParamSchema,
  type CreateCredentialRequest, type CreatedCredential, type CredentialQuery, type CredentialView,
} from '@app/contract';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrorResponse, ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodQuery, openApiSchema } from '../common/openapi-zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AdminCredentialsService } from './admin-credentials.service';

const CREDENTIAL_SCHEMA = { type: 'object' as const, description: 'id, kind, vehicleId, driverId, role, tabletId, label, origin, createdAt, createdBy, revokedAt, revokedBy (libs/contract/src/auth.ts CredentialView)' };

@ApiTags('admin')
@Controller('api/v1/admin/credentials')
@Auth('devices.manage')
export class AdminCredentialsController {
  constructor(private readonly credentials: AdminCredentialsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Tablet tokens, driver codes and API tokens (never their secrets); active ones unless revoked=true' })
  @ApiZodQuery(credentialQuerySchema)
  @ApiQueryErrorResponse()
  @ApiResponse({ status: 200, description: 'Credentials', schema: { type: 'array', items: CREDENTIAL_SCHEMA } })
  list(@Query(new ZodValidationPipe(credentialQuerySchema, 'query')) query: CredentialQuery): Promise<CredentialView[]> {
    return this.credentials.list(query);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create a tablet token (kind tablet + vehicleId), a driver code (driver + driverId) or an API token (service + role)',
    description: 'The answer holds the secret, shown this once: only its hash is stored. It works at once, without a restart.',
  })
  @ApiBody({ schema: openApiSchema(createCredentialSchema) })
  @ApiResponse({ status: 201, description: '{ credential, secret }', schema: { type: 'object', properties: { credential: CREDENTIAL_SCHEMA, secret: { type: 'string' } } } })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(422, '`unknown_vehicle`')
  create(@Body(new ZodValidationPipe(createCredentialSchema)) body: CreateCredentialRequest, @CurrentPrincipal() by: Principal): Promise<CreatedCredential> {
    return this.credentials.create(body, by.kind === 'user' ? by.userId : null);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke: refused from the very next request on; the record stays (and a revoked seed is never re-imported)' })
  @ApiResponse({ status: 200, description: 'The revoked credential (a second call changes nothing)', schema: CREDENTIAL_SCHEMA })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(404, '`not_found`')
  revoke(@Param('id', new ZodValidationPipe(idParamSchema, 'param')) id: string, @CurrentPrincipal() by: Principal): Promise<CredentialView> {
    return this.credentials.revoke(id, by.kind === 'user' ? by.userId : null);
  }
}
