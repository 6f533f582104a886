/**
 * Who may do what on the broker — the same rules as deploy/mosquitto/acl for the embedded broker:
 * vehicle X publishes only under fleet/X/ (its four contract topics) and reads only fleet/X/ack;
 * the server's own user reads everything under fleet/ and writes the acks.
 */
import { parseTopic } from '@app/contract';
import { safeEqual } from '../common/bearer';

export type MqttRole = { kind: 'server' } | { kind: 'vehicle'; vehicleId: string };

export interface MqttCredentials {
  serverUser: string;
  serverPassword: string;
  /** vehicleId → secret */
  fleet: Record<string, string>;
}

const same = (secret: string, password: Buffer | undefined): boolean =>
  password !== undefined && safeEqual(secret, password.toString('utf8'));

export function authenticate(creds: MqttCredentials, username: string | undefined, password: Buffer | undefined): MqttRole | null {
  if (!username) return null;
  if (username === creds.serverUser) return same(creds.serverPassword, password) ? { kind: 'server' } : null;
  const secret = creds.fleet[username];
  return secret !== undefined && same(secret, password) ? { kind: 'vehicle', vehicleId: username } : null;
}

const VEHICLE_PUBLISHES = new Set(['telemetry', 'event', 'vibration', 'status']);

export function mayPublish(role: MqttRole, topic: string): boolean {
  const parsed = parseTopic(topic);
  if (role.kind === 'server') return typeof parsed !== 'string' && parsed.kind === 'ack';
  return typeof parsed !== 'string' && parsed.vehicleId === role.vehicleId && VEHICLE_PUBLISHES.has(parsed.kind);
}

export function maySubscribe(role: MqttRole, topicFilter: string): boolean {
  if (role.kind === 'server') return topicFilter.startsWith('fleet/') || topicFilter.startsWith('$share/');
  return topicFilter === `fleet/${role.vehicleId}/ack`;
}
