/** HTTP of logging in and out: thin, the rules are in LoginService and SessionService. */
import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HTTP_ROLES, loginSchema, meSchema, type LoginRequest, type Me } from '@app/contract';
import type { Request, Response } from 'express';
import { ApiErrorResponse } from '../common/openapi-errors';
import { ApiZodResponse, openApiSchema } from '../common/openapi-zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Auth, CurrentPrincipal, Public } from './auth.decorators';
import { LoginService, LoginThrottled } from './login.service';
import { meOf } from './me';
import type { Principal } from './principal';
import { SessionCookie } from './session-cookie';
import { SessionService } from './session.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly login: LoginService,
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Log in with a username and a password: sets the session cookie (HttpOnly, Secure, SameSite=Lax, __Host-)',
    description:
      'A new session every time (the previous one of this browser is closed). Failed attempts are throttled per username and per address (429 + Retry-After).',
  })
  @ApiBody({ schema: openApiSchema(loginSchema) })
  @ApiZodResponse(meSchema, { description: 'Logged in: who you are (as GET /api/v1/auth/me)' })
  @ApiErrorResponse(400, '`validation_failed`')
  @ApiErrorResponse(401, '`invalid_credentials`: wrong username or password')
  @ApiErrorResponse(403, '`forbidden`: a cross-site request (CSRF check)')
  @ApiErrorResponse(429, '`rate_limited`: too many failed logins for this username or address; Retry-After')
  async logIn(
    @Body(new ZodValidationPipe(loginSchema)) body: LoginRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Me> {
    try {
      const { token, principal } = await this.login.login({
        username: body.username,
        password: body.password,
        address: req.ip ?? 'unknown',
        previousToken: this.cookie.read(req),
      });
      this.cookie.set(res, token);
      return meOf(principal, this.config.SESSION_IDLE_TIMEOUT_S);
    } catch (error) {
      if (error instanceof LoginThrottled) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out: deletes the session and the cookie (204 also without a session)' })
  @ApiResponse({ status: 204, description: 'Logged out' })
  @ApiErrorResponse(403, '`forbidden`: a cross-site request (CSRF check)')
  async logOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = this.cookie.read(req);
    if (token) await this.sessions.close(token);
    this.cookie.clear(res);
  }

  @Get('me')
  @Auth(...HTTP_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Who am I: kind, roles, permissions (libs/contract PERMISSIONS), and my session' })
  @ApiZodResponse(meSchema, { description: 'The caller' })
  me(@CurrentPrincipal() principal: Principal): Me {
    return meOf(principal, this.config.SESSION_IDLE_TIMEOUT_S);
  }
}
