/** Response schema of GET /health (200 when both are up, 503 with the same body when one is down). */
import { z } from 'zod';

export const healthSchema = z
  .strictObject({
    status: z.enum(['ok', 'degraded']),
    database: z.union([
      z.strictObject({ status: z.literal('up'), kind: z.enum(['postgres', 'pglite']), latencyMs: z.number() }),
      z.strictObject({ status: z.literal('down'), kind: z.enum(['postgres', 'pglite']), error: z.string() }),
    ]),
    broker: z.strictObject({
      status: z.enum(['up', 'down', 'unused']).describe('unused: this process runs no ingest and holds no MQTT session'),
      kind: z.enum(['external', 'embedded']),
    }),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof healthSchema>;
