/**
 * Attaches its context to a rating, in one statement for a batch of ratings:
 *  - trip: the vehicle's last `trip_start` at or before answeredAt, if no `trip_end` of that trip
 *    came between (else the coach was between trips: no trip);
 *  - position: the telemetry sample with a GNSS position nearest to answeredAt within ±60 s;
 *  - stop segment (inside a trip only): the last stop_arrival/stop_departure at or before
 *    answeredAt gives `segment_from_stop_id` (and `at_stop` when it was an arrival: the coach
 *    stood at that stop), the first stop_arrival after answeredAt, before the trip ends, gives
 *    `segment_to_stop_id`.
 * A value found once is never erased by a later pass (COALESCE). Status:
 *  - complete: trip, position and both ends of the segment are known;
 *  - settled: not complete, but the vehicle's telemetry has passed answeredAt + 60 s and its
 *    event stream has passed answeredAt (and the trip has ended or the next stop is known), so
 *    no more data is expected for it; or the rating was received more than 7 days ago;
 *  - pending: otherwise (telemetry may still arrive: replays send it after the rating).
 */
import { Injectable } from '@nestjs/common';
import { returningRows } from '../common/returning';
import type { EntityManager } from 'typeorm';

export interface ContextSelection {
  /** Only these ratings (any status); otherwise pending ratings not checked since `checkedBefore`. */
  ids?: string[];
  checkedBefore?: Date;
  /** Also re-check settled ratings (e.g. after a late replay), within the filters below. */
  includeSettled?: boolean;
  vehicleId?: string;
  from?: string;
  to?: string;
  limit: number;
}

export interface ContextOutcome {
  id: string;
  context_status: 'pending' | 'complete' | 'settled';
}

const POSITION_WINDOW = `interval '60 seconds'`;

@Injectable()
export class RatingContextRepository {
  async fill(m: EntityManager, s: ContextSelection): Promise<ContextOutcome[]> {
    return m
      .query(
        `WITH target AS (
         SELECT r.id, r.vehicle_id, r.answered_at, r.received_at FROM rating r
         WHERE CASE WHEN $1::uuid[] IS NOT NULL THEN r.id = ANY($1::uuid[])
                    ELSE (r.context_status = 'pending' OR ($3::boolean AND r.context_status = 'settled'))
                         AND (r.context_checked_at IS NULL OR r.context_checked_at < $2::timestamptz) END
           AND ($4::text IS NULL OR r.vehicle_id = $4::text)
           AND ($5::timestamptz IS NULL OR r.answered_at >= $5::timestamptz)
           AND ($6::timestamptz IS NULL OR r.answered_at < $6::timestamptz)
         ORDER BY r.context_checked_at NULLS FIRST, r.answered_at
         LIMIT $7
       ), ctx AS (
         SELECT t.id,
           CASE WHEN ls.open THEN ls.trip_id END AS trip_id,
           CASE WHEN ls.open THEN ls.trip_direction END AS trip_direction,
           CASE WHEN ls.open THEN ls.driver_id END AS driver_id,
           ls.open AS trip_open,
           pos.lat, pos.lon, pos.position_ts,
           prev.from_stop, prev.at_stop, nxt.to_stop,
           EXISTS (SELECT 1 FROM telemetry x WHERE x.vehicle_id = t.vehicle_id AND x.ts > t.answered_at + ${POSITION_WINDOW}) AS telemetry_past,
           EXISTS (SELECT 1 FROM event x WHERE x.vehicle_id = t.vehicle_id AND x.ts > t.answered_at) AS events_past,
           EXISTS (SELECT 1 FROM event x WHERE x.vehicle_id = t.vehicle_id AND x.type IN ('trip_end', 'trip_start') AND x.ts > t.answered_at) AS trip_over,
           t.received_at < now() - interval '7 days' AS expired
         FROM target t
         LEFT JOIN LATERAL (
           SELECT s.ts AS trip_ts, s.data->>'tripId' AS trip_id, (s.data->>'direction')::smallint AS trip_direction,
                  s.data->>'driverId' AS driver_id,
                  NOT EXISTS (SELECT 1 FROM event x WHERE x.vehicle_id = s.vehicle_id AND x.type = 'trip_end'
                                AND x.ts > s.ts AND x.ts <= t.answered_at AND x.data->>'tripId' = s.data->>'tripId') AS open
           FROM event s WHERE s.vehicle_id = t.vehicle_id AND s.type = 'trip_start' AND s.ts <= t.answered_at
           ORDER BY s.ts DESC, s.seq DESC LIMIT 1
         ) ls ON true
         LEFT JOIN LATERAL (
           SELECT p.lat, p.lon, p.ts AS position_ts FROM telemetry p
           WHERE p.vehicle_id = t.vehicle_id AND p.lat IS NOT NULL
             AND p.ts BETWEEN t.answered_at - ${POSITION_WINDOW} AND t.answered_at + ${POSITION_WINDOW}
           ORDER BY abs(extract(epoch FROM p.ts - t.answered_at)), p.ts LIMIT 1
         ) pos ON true
         LEFT JOIN LATERAL (
           SELECT e.data->>'stopId' AS from_stop, e.type = 'stop_arrival' AS at_stop FROM event e
           WHERE ls.open AND e.vehicle_id = t.vehicle_id AND e.type IN ('stop_arrival', 'stop_departure')
             AND e.ts >= ls.trip_ts AND e.ts <= t.answered_at
           ORDER BY e.ts DESC, e.seq DESC LIMIT 1
         ) prev ON true
         LEFT JOIN LATERAL (
           SELECT e.data->>'stopId' AS to_stop FROM event e
           WHERE ls.open AND e.vehicle_id = t.vehicle_id AND e.type = 'stop_arrival' AND e.ts > t.answered_at
             AND NOT EXISTS (SELECT 1 FROM event x WHERE x.vehicle_id = t.vehicle_id AND x.type IN ('trip_end', 'trip_start')
                               AND x.ts > t.answered_at AND x.ts < e.ts)
           ORDER BY e.ts, e.seq LIMIT 1
         ) nxt ON true
       ), merged AS (
         SELECT c.*, r.id AS rid,
           COALESCE(c.trip_id, r.trip_id) AS m_trip_id,
           COALESCE(c.lat, r.lat) AS m_lat,
           COALESCE(c.from_stop, r.segment_from_stop_id) AS m_from,
           COALESCE(c.to_stop, r.segment_to_stop_id) AS m_to
         FROM ctx c JOIN rating r ON r.id = c.id
       )
       UPDATE rating r SET
         trip_id = m.m_trip_id,
         trip_direction = COALESCE(m.trip_direction, r.trip_direction),
         driver_id = COALESCE(m.driver_id, r.driver_id),
         lat = m.m_lat,
         lon = COALESCE(m.lon, r.lon),
         position_ts = COALESCE(m.position_ts, r.position_ts),
         segment_from_stop_id = m.m_from,
         at_stop = COALESCE(m.at_stop, r.at_stop),
         segment_to_stop_id = m.m_to,
         context_status = CASE
           WHEN m.m_trip_id IS NOT NULL AND m.m_lat IS NOT NULL AND m.m_from IS NOT NULL AND m.m_to IS NOT NULL THEN 'complete'
           WHEN m.expired OR (m.telemetry_past AND m.events_past AND (NOT COALESCE(m.trip_open, false) OR m.m_to IS NOT NULL OR m.trip_over)) THEN 'settled'
           ELSE 'pending' END,
         context_checked_at = now()
       FROM merged m WHERE r.id = m.rid
       RETURNING r.id, r.context_status`,
        [
          s.ids ?? null,
          s.checkedBefore ?? new Date(),
          s.includeSettled ?? false,
          s.vehicleId ?? null,
          s.from ?? null,
          s.to ?? null,
          s.limit,
        ],
      )
      .then((result: unknown) => returningRows<ContextOutcome>(result));
  }
}
