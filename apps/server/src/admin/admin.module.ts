import { Module } from '@nestjs/common';
import { AdminCredentialsController } from './admin-credentials.controller';
import { AdminCredentialsService } from './admin-credentials.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { AdminVehiclesController } from './admin-vehicles.controller';
import { AdminVehiclesService } from './admin-vehicles.service';
import { VehiclesRepository } from './vehicles.repository';

/** The admin API (role `api` of MODULES; routes for the admin role): users, tablet tokens, driver codes, API tokens, the fleet's vehicles. */
@Module({
  controllers: [AdminUsersController, AdminCredentialsController, AdminVehiclesController],
  providers: [AdminUsersService, AdminCredentialsService, AdminVehiclesService, VehiclesRepository],
})
export class AdminModule {}
