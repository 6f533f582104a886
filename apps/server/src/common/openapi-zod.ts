/**
 * zod 4 schemas → OpenAPI 3.0: the same schema validates a request (or, in tests, a response)
 * and documents it, so the two cannot drift.
 *  - Request bodies and query parameters are converted as their input (what a client sends:
 *    strings of a query, defaults optional).
 *  - Response schemas carry an id (`.meta({ id })`, libs/contract response-fields.ts): each
 *    becomes a component of the document (`responseComponents`, added by openapi.ts) and a route
 *    refers to it (`ApiZodResponse`), which also records the schema for the test-mode check
 *    (response-contract.interceptor.ts).
 */
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

const COMPONENTS = '#/components/schemas/';
const OPTIONS = {
  target: 'openapi-3.0',
  unrepresentable: 'any',
  // z.number().int() says "safe integer" with bounds of ±2^53: noise in a document.
  override: ({ jsonSchema: s }: { jsonSchema: { minimum?: number; maximum?: number } }) => {
    if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
    if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  },
} as const;

export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const json = z.toJSONSchema(schema, { ...OPTIONS, io }) as Record<string, unknown>;
  delete json.$schema;
  return json as SchemaObject;
}

/** Every response schema with an id, as the document's components (output form, refs between them). */
export function responseComponents(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { ...OPTIONS, io: 'output', uri: (id) => `${COMPONENTS}${id}` });
  for (const s of Object.values(schemas)) delete (s as { $id?: string }).$id; // not an OpenAPI 3.0 keyword
  return schemas as Record<string, SchemaObject>;
}

const idOf = (schema: z.ZodType): string | undefined => z.globalRegistry.get(schema)?.id;

/** A `$ref` to a named response schema, or an array of one. */
export function responseRef(schema: z.ZodType): SchemaObject {
  const id = idOf(schema);
  if (id) return { $ref: `${COMPONENTS}${id}` } as SchemaObject;
  if (schema instanceof z.ZodArray) {
    const itemId = idOf(schema.element as z.ZodType);
    if (itemId) return { type: 'array', items: { $ref: `${COMPONENTS}${itemId}` } };
  }
  throw new Error('a response schema needs an id (.meta({ id })), or must be an array of one');
}

/** Metadata key of the response schema of a route (read by ResponseContractInterceptor). */
export const RESPONSE_SCHEMA = 'app:response-schema';

/**
 * The success response of a route: its JSON schema, and with `csv` the `text/csv` download the
 * same route gives for `format=csv` or `Accept: text/csv` (the rows flattened to columns).
 */
export function ApiZodResponse(schema: z.ZodType, options: { status?: number; description?: string; csv?: boolean } = {}): MethodDecorator {
  const { status = 200, description = 'OK', csv = false } = options;
  const content: Record<string, { schema: SchemaObject }> = { 'application/json': { schema: responseRef(schema) } };
  if (csv)
    content['text/csv'] = {
      schema: { type: 'string', description: 'The same rows as CSV: nested fields as dotted columns (fuel.used), UTF-8 with a BOM' },
    };
  return applyDecorators(SetMetadata(RESPONSE_SCHEMA, schema), ApiResponse({ status, description, content }));
}

/**
 * One documented query parameter per property of a (strict) object schema: its type, enum,
 * format, bounds, default and description all come from the schema.
 */
export function ApiZodQuery(schema: z.ZodType): MethodDecorator {
  const json = openApiSchema(schema) as { properties?: Record<string, SchemaObject>; required?: string[] };
  if (!json.properties) throw new Error('ApiZodQuery takes an object schema');
  return applyDecorators(
    ...Object.entries(json.properties).map(([name, prop]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: prop, description: prop.description }),
    ),
  );
}
