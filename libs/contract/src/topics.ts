/**
 * MQTT topics of the on-board unit contract (docs/contract.md §1, version 1).
 * One place for the topic grammar so that server, simulator and tests agree.
 */
export const CONTRACT_VERSION = 1 as const;

/** The three streams that carry `seq` and are covered by the end-to-end Ack. */
export const STREAMS = ['telemetry', 'event', 'vibration'] as const;
export type Stream = (typeof STREAMS)[number];

export const VEHICLE_ID_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

/** Largest payload the server will read (docs/contract.md §7). */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** The unit's clock may run at most this far ahead of the server's (docs/contract.md §3). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export type TopicKind = Stream | 'status' | 'ack';

export const topicFor = (vehicleId: string, kind: TopicKind): string => `fleet/${vehicleId}/${kind}`;

/** Subscriptions of the ingest process; `share` wraps them in an MQTT 5 shared subscription group. */
export function ingestSubscriptions(shareGroup?: string): string[] {
  const topics = ['fleet/+/telemetry', 'fleet/+/event', 'fleet/+/vibration', 'fleet/+/status'];
  return shareGroup ? topics.map((t) => `$share/${shareGroup}/${t}`) : topics;
}

export interface ParsedTopic {
  vehicleId: string;
  kind: TopicKind;
}

/** Parses `fleet/{vehicleId}/{kind}`; returns a reason string when the topic is not of the contract. */
export function parseTopic(topic: string): ParsedTopic | string {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== 'fleet') return `topic "${topic}" is not fleet/{vehicleId}/{kind}`;
  const [, vehicleId, kind] = parts;
  if (!VEHICLE_ID_PATTERN.test(vehicleId)) return `vehicleId "${vehicleId}" in topic does not match ${VEHICLE_ID_PATTERN}`;
  if (kind !== 'telemetry' && kind !== 'event' && kind !== 'vibration' && kind !== 'status' && kind !== 'ack') {
    return `unknown topic kind "${kind}"`;
  }
  return { vehicleId, kind };
}
