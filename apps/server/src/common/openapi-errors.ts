/** OpenAPI of the one error body (libs/contract/src/errors.ts), for every controller. */
import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { API_ERROR_CODES } from '@app/contract';

export const API_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'code', 'message', 'errors'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', enum: [...API_ERROR_CODES], description: 'Machine-readable and stable (docs/errors.md)' },
    message: { type: 'string', description: 'For a human' },
    errors: {
      type: 'array',
      description: 'One entry per offending field; empty when the error is about the request as a whole',
      items: {
        type: 'object',
        required: ['path', 'code', 'message'],
        properties: { path: { type: 'string', description: 'Dotted field path, e.g. ratings.3.overall' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** An error response of an operation, in the one error shape; `description` names its codes. */
export const ApiErrorResponse = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, schema: API_ERROR_SCHEMA });

/** The 400 of a query validated by a zod schema. */
export const ApiQueryErrorResponse = (extra = ''): MethodDecorator & ClassDecorator =>
  ApiErrorResponse(400, `\`validation_failed\` or \`unknown_parameter\`${extra}: \`errors[].path\` names each parameter`);
