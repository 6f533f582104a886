import { Module } from '@nestjs/common';
import { AdminCredentialsController } from './admin-credentials.controller';
import { AdminCredentialsService } from './admin-credentials.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';

/** The admin API (role `api` of MODULES; routes for the admin role): users, tablet tokens, driver codes, API tokens. */
@Module({
  controllers: [AdminUsersController, AdminCredentialsController],
  providers: [AdminUsersService, AdminCredentialsService],
})
export class AdminModule {}
