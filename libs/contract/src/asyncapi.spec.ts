import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAsyncApiDocument } from './asyncapi';

describe('AsyncAPI document', () => {
  it('is current: docs/asyncapi.json equals what the schemas generate (run `npm run asyncapi`)', () => {
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../../docs/asyncapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument())));
  });

  it('describes every channel of the contract with its payload schema', () => {
    const doc = buildAsyncApiDocument() as {
      channels: Record<string, { address: string }>;
      components: { messages: Record<string, { payload: { type?: string } }> };
    };
    expect(Object.values(doc.channels).map((c) => c.address)).toEqual([
      'fleet/{vehicleId}/telemetry',
      'fleet/{vehicleId}/event',
      'fleet/{vehicleId}/vibration',
      'fleet/{vehicleId}/status',
      'fleet/{vehicleId}/ack',
    ]);
    expect(doc.components.messages.Telemetry.payload.type).toBe('object');
  });
});
