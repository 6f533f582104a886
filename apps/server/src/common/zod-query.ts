/**
 * The one way a route takes its query: `@ZodQuery(schema) q` validates it with the zod schema
 * (a 400 in the one error shape, unknown parameters refused) and documents every parameter from
 * the same schema (ApiZodQuery), so the two cannot drift and no route repeats a default by hand.
 */
import { Query } from '@nestjs/common';
import type { z } from 'zod';
import { ApiZodQuery } from './openapi-zod';
import { ZodValidationPipe } from './zod-validation.pipe';

export function ZodQuery(schema: z.ZodType): ParameterDecorator {
  const document = ApiZodQuery(schema);
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema, 'query'))(target, key, index);
    if (key === undefined) throw new Error('@ZodQuery goes on a route handler’s parameter');
    document(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };
}
