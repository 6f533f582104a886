/**
 * The trial configuration (issue 13). TrialServicesModule holds its service for the analytics and
 * the report; TrialModule serves GET /api/v1/trial and PUT /api/v1/admin/trial (role `api`).
 */
import { Module } from '@nestjs/common';
import { TrialController } from './trial.controller';
import { TrialRepository } from './trial.repository';
import { TrialService } from './trial.service';

@Module({ providers: [TrialRepository, TrialService], exports: [TrialService] })
export class TrialServicesModule {}

@Module({ imports: [TrialServicesModule], controllers: [TrialController] })
export class TrialModule {}
