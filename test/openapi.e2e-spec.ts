/**
 * The OpenAPI document the server serves (/api/docs-json), walked whole: every operation
 * documents its success response with a schema (named components from libs/contract, or the
 * content type of a CSV, SSE or text answer), every query parameter has a schema, and the
 * parameters are exactly those of the zod schema that validates the query. No route writes its
 * query parameters by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  alertHistoryQuerySchema,
  alertListQuerySchema,
  credentialQuerySchema,
  silenceListQuerySchema,
  comparisonQuerySchema,
  deviceQuerySchema,
  driverQuestionnaireQuerySchema,
  kpiQuerySchema,
  liveQuerySchema,
  periodListQuerySchema,
  ratingQuerySchema,
  reportListQuerySchema,
  seriesQuerySchema,
  tripListQuerySchema,
  vehicleSeriesQuerySchema,
} from '@app/contract';
import { openApiSchema } from '../apps/server/src/common/openapi-zod';
import { startTestServer, type TestServer } from './support/app';

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Record<string, unknown> }>;
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

/** The query schema of every route that takes a query. */
const QUERIES: Record<string, z.ZodObject> = {
  'GET /api/v1/kpis': kpiQuerySchema,
  'GET /api/v1/comparison': comparisonQuerySchema,
  'GET /api/v1/trips': tripListQuerySchema,
  'GET /api/v1/trips/{vehicleId}/{tripKey}/series': seriesQuerySchema,
  'GET /api/v1/vehicles/{vehicleId}/series': vehicleSeriesQuerySchema,
  'GET /api/v1/refuels': periodListQuerySchema,
  'GET /api/v1/fuel-range': periodListQuerySchema,
  'GET /api/v1/data-quality': periodListQuerySchema,
  'GET /api/v1/data-quality/devices': deviceQuerySchema,
  'GET /api/v1/sensor-checks': periodListQuerySchema,
  'GET /api/v1/analytics/ratings/summary': periodListQuerySchema,
  'GET /api/v1/analytics/ratings/drivers': periodListQuerySchema,
  'GET /api/v1/analytics/ratings/conditions': periodListQuerySchema,
  'GET /api/v1/ratings': ratingQuerySchema,
  'GET /api/v1/driver-questionnaires': driverQuestionnaireQuerySchema,
  'GET /api/v1/live': liveQuerySchema,
  'GET /api/v1/admin/credentials': credentialQuerySchema,
  'GET /api/v1/alerts': alertListQuerySchema,
  'GET /api/v1/alerts/history': alertHistoryQuerySchema,
  'GET /api/v1/alerts/silences': silenceListQuerySchema,
  'GET /api/v1/alerts/rules': z.strictObject({ format: z.enum(['json', 'csv']).optional() }),
  'GET /api/v1/data-quality/dead-letters': periodListQuerySchema,
  'GET /api/v1/reports': reportListQuerySchema,
};
/** Answers with no body (204). */
const NO_CONTENT = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/admin/users/{id}/password']);
/** Answers that are not JSON, and the content type each declares. */
const NOT_JSON: Record<string, string> = {
  'GET /metrics': 'text/plain',
  'GET /api/v1/live': 'text/event-stream',
  'GET /api/v1/reports/{id}.pdf': 'application/pdf',
  'GET /api/v1/reports/{id}.html': 'text/html',
};

let t: TestServer;
let doc: Document;
let operations: Array<[string, Operation]>;

beforeAll(async () => {
  t = await startTestServer({ ANALYTICS_ROLLUP_INTERVAL_MS: '3600000', FEEDBACK_CONTEXT_INTERVAL_MS: '3600000' });
  doc = await (await fetch(`${t.server.httpUrl}/api/docs-json`)).json();
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
});

afterAll(async () => {
  await t?.stop();
});

/** Every `$ref` in a JSON value. */
const refs = (value: unknown): string[] => {
  if (value === null || typeof value !== 'object') return [];
  const own = typeof (value as { $ref?: unknown }).$ref === 'string' ? [(value as { $ref: string }).$ref] : [];
  return [...own, ...Object.values(value).flatMap(refs)];
};

describe('the OpenAPI document', () => {
  it('documents the success response of every operation with a schema', () => {
    expect(operations.length).toBeGreaterThan(20);
    for (const [name, op] of operations) {
      if (NO_CONTENT.has(name)) {
        expect(
          Object.keys(op.responses).filter((k) => k.startsWith('2')),
          name,
        ).toEqual(['204']);
        continue;
      }
      const success = op.responses['200'] ?? op.responses['201'];
      expect(success?.content, `${name}: no 200/201 content`).toBeDefined();
      const content = success.content!;
      if (NOT_JSON[name]) {
        expect(Object.keys(content), name).toEqual([NOT_JSON[name]]);
        expect(content[NOT_JSON[name]].schema, name).toEqual({ type: 'string' });
        continue;
      }
      const json = content['application/json']?.schema;
      expect(json, `${name}: no JSON schema`).toBeDefined();
      expect(refs(json).length, `${name}: the JSON answer is not a libs/contract component`).toBe(1);
      // CSV exports declare their own content type, a string, not the JSON schema.
      if (content['text/csv']) expect(content['text/csv'].schema?.type, name).toBe('string');
      expect(
        Object.keys(content).filter((k) => k !== 'application/json' && k !== 'text/csv'),
        name,
      ).toEqual([]);
    }
  });

  it('resolves every $ref to a component, and every component is used', () => {
    const used = new Set(refs(doc.paths).concat(refs(doc.components.schemas)));
    for (const ref of used) expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    for (const id of Object.keys(doc.components.schemas))
      expect(used, `component ${id} is not used`).toContain(`#/components/schemas/${id}`);
  });

  it('gives every query parameter a schema with a type', () => {
    for (const [name, op] of operations) {
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
        expect(p.schema?.type ?? p.schema?.enum, `${name} ?${p.name}`).toBeDefined();
      }
    }
  });

  it('documents exactly the parameters of the zod schema that validates each query, with its defaults and enums', () => {
    const withQuery = operations.filter(([, op]) => (op.parameters ?? []).some((p) => p.in === 'query')).map(([name]) => name);
    expect(withQuery.sort()).toEqual(Object.keys(QUERIES).sort());
    for (const [name, schema] of Object.entries(QUERIES)) {
      const op = operations.find(([n]) => n === name)![1];
      const params = (op.parameters ?? []).filter((p) => p.in === 'query');
      expect(params.map((p) => p.name).sort(), name).toEqual(Object.keys(schema.shape).sort());
      const input = openApiSchema(schema) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
      for (const p of params) {
        const expected = input.properties[p.name];
        expect(p.required ?? false, `${name} ?${p.name} required`).toBe(input.required?.includes(p.name) ?? false);
        for (const key of ['type', 'enum', 'default', 'format', 'minimum', 'maximum', 'description'] as const) {
          expect(p.schema?.[key], `${name} ?${p.name} ${key}`).toEqual(expected[key]);
        }
      }
    }
  });

  it('keeps the error responses: one error body for the 400 of every validated query', () => {
    for (const name of Object.keys(QUERIES)) {
      const op = operations.find(([n]) => n === name)![1];
      expect(op.responses['400']?.content?.['application/json']?.schema?.required, name).toEqual([
        'statusCode',
        'code',
        'message',
        'errors',
      ]);
    }
  });
});

describe('the server code', () => {
  it('writes no query parameter by hand (ApiQuery only inside common/openapi-zod.ts)', () => {
    const root = join(__dirname, '../apps/server/src');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const offenders = files(root)
      .filter((f) => !f.endsWith('common/openapi-zod.ts') && /\bApiQuery\s*\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });
});
