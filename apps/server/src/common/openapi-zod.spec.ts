import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiSchema, responseComponents, responseRef } from './openapi-zod';
import { checkResponse, ResponseContractError } from './response-contract.interceptor';

const thing = z.strictObject({ n: z.number().int(), share: z.number().nullable() }).meta({ id: 'SpecThing' });

describe('zod → OpenAPI', () => {
  it('refers a route to its named response schema, or to an array of one; refuses an unnamed one', () => {
    expect(responseRef(thing)).toEqual({ $ref: '#/components/schemas/SpecThing' });
    expect(responseRef(z.array(thing))).toEqual({ type: 'array', items: { $ref: '#/components/schemas/SpecThing' } });
    expect(() => responseRef(z.strictObject({ n: z.number() }))).toThrow(/needs an id/);
  });

  it('makes every named schema a component, in OpenAPI 3.0 terms (nullable, no $id, no ±2^53 bounds)', () => {
    expect(responseComponents().SpecThing).toEqual({
      type: 'object',
      properties: { n: { type: 'integer' }, share: { type: 'number', nullable: true } },
      required: ['n', 'share'],
      additionalProperties: false,
    });
  });

  it('documents a query as its input: defaults optional, transforms as the string sent', () => {
    const q = openApiSchema(
      z.strictObject({
        limit: z.coerce.number().int().min(1).max(9).default(5),
        on: z.enum(['true', 'false']).transform((v) => v === 'true'),
      }),
    );
    expect(q).toMatchObject({
      properties: { limit: { type: 'integer', default: 5, minimum: 1, maximum: 9 }, on: { type: 'string', enum: ['true', 'false'] } },
    });
    expect((q as { required?: string[] }).required).toEqual(['on']);
  });
});

describe('the test-mode response check', () => {
  it('checks the body as JSON carries it: NaN and Infinity as null', () => {
    expect(() => checkResponse(thing, { n: 1, share: NaN }, 'spec')).not.toThrow();
    expect(() => checkResponse(z.array(thing), [{ n: 1, share: Infinity }], 'spec')).not.toThrow();
  });

  it('refuses a field the schema does not list, or a wrong type, naming the route', () => {
    expect(() => checkResponse(thing, { n: 1, share: 0.5, extra: true }, 'Spec.route')).toThrow(ResponseContractError);
    expect(() => checkResponse(thing, { n: 1.5, share: null }, 'Spec.route')).toThrow(/Spec\.route/);
  });
});
