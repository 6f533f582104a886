/** HTTP of the fleet's registry (role admin): thin, the rules are in AdminVehiclesService. */
import { Body, Controller, Get, Header, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  registerVehicleSchema,
  registeredVehicleSchema,
  vehicleIdParamSchema,
  vehicleRecordSchema,
  type RegisterVehicleRequest,
  type RegisteredVehicle,
  type VehicleRecord,
} from '@app/contract';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import { actingUserId, type Principal } from '../auth/principal';
import { ApiErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AdminVehiclesService } from './admin-vehicles.service';

@ApiTags('admin')
@Controller('api/v1/admin/vehicles')
@Auth('devices.manage')
export class AdminVehiclesController {
  constructor(private readonly vehicles: AdminVehiclesService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The fleet: every vehicle with its powertrain, line and whether its unit has a registered secret (never the secret)',
  })
  @ApiZodResponse(z.array(vehicleRecordSchema), { description: 'Vehicles by id' })
  list(): Promise<VehicleRecord[]> {
    return this.vehicles.list();
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Register a vehicle (id, label, powertrain, line) and its on-board unit’s MQTT secret',
    description:
      'The answer holds the unit’s secret, shown this once: only its argon2id hash is stored. The embedded broker accepts the unit at once (username: the vehicle id); a tablet token for it is then created with POST /api/v1/admin/credentials.',
  })
  @ApiBody({ schema: openApiSchema(registerVehicleSchema) })
  @ApiZodResponse(registeredVehicleSchema, { status: 201, description: 'The vehicle and its unit’s secret, shown this once' })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(409, '`vehicle_exists`')
  @ApiErrorResponse(422, '`unknown_line`, `unsupported_powertrain`')
  register(
    @Body(new ZodValidationPipe(registerVehicleSchema)) body: RegisterVehicleRequest,
    @CurrentPrincipal() by: Principal,
  ): Promise<RegisteredVehicle> {
    return this.vehicles.register(body, actingUserId(by));
  }

  @Post(':id/unit-secret')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Replace the on-board unit’s MQTT secret of a registered vehicle',
    description:
      'The answer holds the new secret, shown this once: only its argon2id hash is stored. The embedded broker refuses the old secret from now on (it reads the hash at every login); a session opened with it lasts until the unit reconnects.',
  })
  @ApiParam({ name: 'id', description: 'Vehicle id', example: 'GNV-02' })
  @ApiZodResponse(registeredVehicleSchema, { status: 201, description: 'The vehicle and its unit’s new secret, shown this once' })
  @ApiErrorResponse(404, '`not_found`')
  rotateUnitSecret(
    @Param('id', new ZodValidationPipe(vehicleIdParamSchema, 'param')) id: string,
    @CurrentPrincipal() by: Principal,
  ): Promise<RegisteredVehicle> {
    return this.vehicles.rotateUnitSecret(id, actingUserId(by));
  }
}
