/**
 * A small zod 4 validation pipe (nestjs-zod does not support Nest 12). Use it per parameter:
 * `@Body(new ZodValidationPipe(schema))`; a query goes through `@ZodQuery(schema)` (zod-query.ts), which also documents it.
 * Failures are 400 with machine-readable codes and field paths (see api-error.ts). It is the one
 * zod → error conversion of the HTTP boundary: bodies, queries and path parameters.
 */
import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { validationException } from './api-error';

@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'query' | 'param' = 'body',
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(this.where === 'query' ? (value ?? {}) : value);
    if (!result.success) throw validationException(result.error, this.where);
    return result.data;
  }
}
