/**
 * Validates query parameters with a zod schema from libs/contract. A refusal is a 400 naming
 * each field and the limit it broke, e.g. `to: period of 400 days exceeds the limit of 366 days`.
 * (Kept local to the module so it does not depend on other modules' helpers.)
 */
import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

@Injectable()
export class ZodQueryPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const r = this.schema.safeParse(value ?? {});
    if (r.success) return r.data;
    const issues = r.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''),
      message: i.code === 'unrecognized_keys' ? `unknown parameter(s): ${i.keys.join(', ')}` : i.message,
    }));
    const tooLong = issues.some((i) => /exceeds the limit/.test(i.message));
    throw new BadRequestException({
      statusCode: 400,
      code: tooLong ? 'period_too_long' : 'invalid_query',
      message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
      issues,
    });
  }
}
