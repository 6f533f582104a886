/** OpenAPI of the one error body (libs/contract/src/errors.ts), for every controller. */
import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { apiErrorSchema } from '@app/contract';
import { openApiSchema } from './openapi-zod';

export const API_ERROR_SCHEMA: SchemaObject = openApiSchema(apiErrorSchema, 'output');

/** An error response of an operation, in the one error shape; `description` names its codes. */
export const ApiErrorResponse = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, schema: API_ERROR_SCHEMA });

/** The 400 of a query validated by a zod schema. */
export const ApiQueryErrorResponse = (extra = ''): MethodDecorator & ClassDecorator =>
  ApiErrorResponse(400, `\`validation_failed\` or \`unknown_parameter\`${extra}: \`errors[].path\` names each parameter`);
