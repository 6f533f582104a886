/** HTTP of tablet tokens, driver codes and API tokens (role admin): thin, the rules are in AdminCredentialsService. */
import { Body, Controller, Delete, Get, Header, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createCredentialSchema,
  createdCredentialSchema,
  credentialQuerySchema,
  credentialViewSchema,
  idParamSchema,
  type CreateCredentialRequest,
  type CreatedCredential,
  type CredentialQuery,
  type CredentialView,
} from '@app/contract';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import { actingUserId, type Principal } from '../auth/principal';
import { ApiErrorResponse, ApiQueryErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodQuery } from '../common/zod-query';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AdminCredentialsService } from './admin-credentials.service';

@ApiTags('admin')
@Controller('api/v1/admin/credentials')
@Auth('devices.manage')
export class AdminCredentialsController {
  constructor(private readonly credentials: AdminCredentialsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Tablet tokens, driver codes and API tokens (never their secrets); active ones unless revoked=true' })
  @ApiQueryErrorResponse()
  @ApiZodResponse(z.array(credentialViewSchema), { description: 'Credentials' })
  list(@ZodQuery(credentialQuerySchema) query: CredentialQuery): Promise<CredentialView[]> {
    return this.credentials.list(query);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create a tablet token (kind tablet + vehicleId), a driver code (driver + driverId) or an API token (service + role)',
    description: 'The answer holds the secret, shown this once: only its hash is stored. It works at once, without a restart.',
  })
  @ApiBody({ schema: openApiSchema(createCredentialSchema) })
  @ApiZodResponse(createdCredentialSchema, { status: 201, description: 'The credential and its secret, shown this once' })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(422, '`unknown_vehicle`')
  create(
    @Body(new ZodValidationPipe(createCredentialSchema)) body: CreateCredentialRequest,
    @CurrentPrincipal() by: Principal,
  ): Promise<CreatedCredential> {
    return this.credentials.create(body, actingUserId(by));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke: refused from the very next request on; the record stays (and a revoked seed is never re-imported)' })
  @ApiZodResponse(credentialViewSchema, { description: 'The revoked credential (a second call changes nothing)' })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(404, '`not_found`')
  revoke(
    @Param('id', new ZodValidationPipe(idParamSchema, 'param')) id: string,
    @CurrentPrincipal() by: Principal,
  ): Promise<CredentialView> {
    return this.credentials.revoke(id, actingUserId(by));
  }
}
