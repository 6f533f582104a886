/** zod 4 schemas → OpenAPI (the same schema validates and documents, so they cannot drift). */
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

export function openApiSchema(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json as SchemaObject;
}

/** One @ApiQuery per property of a (strict) object schema. */
export function ApiZodQuery(schema: z.ZodType): MethodDecorator {
  const json = openApiSchema(schema) as { properties?: Record<string, SchemaObject>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, prop]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: prop, description: prop.description }),
    ),
  );
}
