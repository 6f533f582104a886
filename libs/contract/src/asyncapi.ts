/**
 * The AsyncAPI 3.0 document of the MQTT interface, generated from the same zod schemas that the
 * server validates with, so the document cannot drift from what is enforced.
 * `npm run asyncapi` writes docs/asyncapi.json; a test checks the committed file is current.
 */
import { z } from 'zod';
import { ackSchema, eventSchema, statusSchema, telemetrySchema, vibrationWindowSchema } from './payloads';
import { MAX_FUTURE_SKEW_MS, MAX_PAYLOAD_BYTES, VEHICLE_ID_PATTERN } from './topics';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-7', unrepresentable: 'any' });

export function buildAsyncApiDocument(): Record<string, unknown> {
  const vehicleParam = {
    vehicleId: {
      description: `Vehicle id, ${VEHICLE_ID_PATTERN.source}; must equal the payload vehicleId. Trial: GNV-01 (CNG), DSL-01 (diesel reference).`,
    },
  };
  const channel = (kind: string, message: string, description: string) => ({
    address: `fleet/{vehicleId}/${kind}`,
    parameters: vehicleParam,
    description,
    messages: { [message]: { $ref: `#/components/messages/${message}` } },
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Line 101 trial — on-board unit ⇄ server',
      version: '1.0.0',
      description: [
        'Contract version 1 (docs/contract.md). All unit → server messages are QoS 1, not retained, except status (retained, also the last will).',
        'Every telemetry/event/vibration message carries `seq` (per vehicle and stream, from 0, +1, never reused). The server stores each (vehicleId, stream, seq) at most once and publishes the retained Ack only after the transaction holding those messages has committed; the unit keeps every message until an Ack covers it and replays the rest after 30 s or on reconnect.',
        `Malformed input (bad JSON, wrong types, missing blocks, values out of range, a vehicleId that is not the topic's, an unknown vehicle, payloads over ${MAX_PAYLOAD_BYTES} bytes, ts more than ${MAX_FUTURE_SKEW_MS / 1000} s in the future) is stored in a dead-letter table with a machine-readable code (docs/contract.md §7) and a reason, counted, and acknowledged when its seq is readable.`,
        'Beyond the contract, this server also accepts: shared subscriptions ($share/ingest/…) for several ingest processes, and a rejection code `storage` when the database refuses a valid row (kept as a dead letter, never dropped).',
        'Security: each vehicle logs in with its vehicle id as username; it may publish only under fleet/{its id}/ and read only fleet/{its id}/ack.',
      ].join('\n\n'),
    },
    servers: {
      production: {
        host: 'mosquitto:1883',
        protocol: 'mqtt',
        description: 'Mosquitto with per-vehicle passwords and ACL (deploy/mosquitto)',
        security: [{ $ref: '#/components/securitySchemes/userPassword' }],
      },
      embedded: {
        host: '127.0.0.1:{port}',
        protocol: 'mqtt',
        description: 'In-process Aedes of the default one-command mode, same credentials and ACL',
        variables: { port: { default: '0', description: 'MQTT_PORT; 0 picks a free port' } },
      },
    },
    channels: {
      telemetry: channel('telemetry', 'Telemetry', 'One sample, normally 1 Hz.'),
      event: channel('event', 'Event', 'Trip, stop, refuel, harsh driving, GNSS and ignition events.'),
      vibration: channel('vibration', 'VibrationWindow', 'Raw accelerometer audit window every 5 minutes while moving.'),
      status: channel('status', 'Status', 'Retained; also the last will with online=false.'),
      ack: channel('ack', 'Ack', 'Retained. Highest seq per stream such that every seq ≤ n is durably stored (or -1).'),
    },
    operations: {
      sendTelemetry: { action: 'receive', channel: { $ref: '#/channels/telemetry' }, summary: 'The server receives telemetry (QoS 1).' },
      sendEvent: { action: 'receive', channel: { $ref: '#/channels/event' } },
      sendVibration: { action: 'receive', channel: { $ref: '#/channels/vibration' } },
      sendStatus: { action: 'receive', channel: { $ref: '#/channels/status' } },
      publishAck: { action: 'send', channel: { $ref: '#/channels/ack' }, summary: 'Published after commit, retained, QoS 1.' },
    },
    components: {
      securitySchemes: {
        userPassword: { type: 'userPassword', description: 'username = vehicle id (or the server user), per-vehicle secret' },
      },
      messages: {
        Telemetry: { name: 'Telemetry', contentType: 'application/json', payload: schema(telemetrySchema) },
        Event: { name: 'Event', contentType: 'application/json', payload: schema(eventSchema) },
        VibrationWindow: { name: 'VibrationWindow', contentType: 'application/json', payload: schema(vibrationWindowSchema) },
        Status: { name: 'Status', contentType: 'application/json', payload: schema(statusSchema) },
        Ack: { name: 'Ack', contentType: 'application/json', payload: schema(ackSchema) },
      },
    },
  };
}
