import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { LoginService } from './login.service';

/** Logging in and out, GET /api/v1/auth/me (role `api`). */
@Module({ controllers: [AuthController], providers: [LoginService] })
export class AuthApiModule {}
