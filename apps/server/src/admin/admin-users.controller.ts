/** HTTP of the users (role admin): thin, the rules are in AdminUsersService. */
import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  createUserSchema,
  passwordResetSchema,
  updateUserSchema,
  idParamSchema,
  userViewSchema,
  type CreateUserRequest,
  type PasswordResetRequest,
  type UpdateUserRequest,
  type UserView,
} from '@app/contract';
import { Auth } from '../auth/auth.decorators';
import { ApiErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AdminUsersService } from './admin-users.service';

@ApiTags('admin')
@Controller('api/v1/admin/users')
@Auth('users.manage')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Every user with their roles' })
  @ApiZodResponse(z.array(userViewSchema), { description: 'Users by username' })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user with one or more roles (engineer, policymaker, admin) and a first password (at least 12 characters)',
  })
  @ApiBody({ schema: openApiSchema(createUserSchema) })
  @ApiZodResponse(userViewSchema, { status: 201, description: 'Created' })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(409, '`username_taken`')
  create(@Body(new ZodValidationPipe(createUserSchema)) body: CreateUserRequest): Promise<UserView> {
    return this.users.create(body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change display name, roles or disabled; disabling ends the user’s sessions at once' })
  @ApiBody({ schema: openApiSchema(updateUserSchema) })
  @ApiZodResponse(userViewSchema, { description: 'The user after the change' })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(404, '`not_found`')
  @ApiErrorResponse(409, '`last_admin`: no enabled admin would be left')
  update(
    @Param('id', new ZodValidationPipe(idParamSchema, 'param')) id: string,
    @Body(new ZodValidationPipe(updateUserSchema)) body: UpdateUserRequest,
  ): Promise<UserView> {
    return this.users.update(id, body);
  }

  @Post(':id/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password (at least 12 characters); ends the user’s sessions' })
  @ApiBody({ schema: openApiSchema(passwordResetSchema) })
  @ApiResponse({ status: 204, description: 'Changed' })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(404, '`not_found`')
  async resetPassword(
    @Param('id', new ZodValidationPipe(idParamSchema, 'param')) id: string,
    @Body(new ZodValidationPipe(passwordResetSchema)) body: PasswordResetRequest,
  ): Promise<void> {
    await this.users.resetPassword(id, body.password);
  }
}
