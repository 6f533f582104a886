/** Helpers of the feedback tests: valid bodies with a fresh UUID and a tablet clock that moves on. */
import { randomUUID } from 'node:crypto';
import type { DriverQuestionnaireSubmission, RatingSubmission } from '@app/contract';

export const TOKENS = {
  gnv: 'tablet-gnv-01-dev',
  dsl: 'tablet-dsl-01-dev',
  engineer: 'engineer-dev-token',
  admin: 'admin-dev-token',
  d01: 'driver-01-dev',
  d02: 'driver-02-dev',
} as const;

let tick = 0;
/** Tablet times 10 s apart (the 5 s minimum interval is judged on them), from 2018-06-11 08:00 UTC. */
export const nextAnsweredAt = (): string => new Date(Date.parse('2018-06-11T08:00:00.000Z') + tick++ * 10_000).toISOString();

export const rating = (overrides: Partial<RatingSubmission> & Record<string, unknown> = {}): RatingSubmission => ({
  id: randomUUID(),
  vehicleId: 'GNV-01',
  answeredAt: nextAnsweredAt(),
  language: 'fr',
  complete: true,
  overall: 4,
  smoothness: 5,
  temperature: 3,
  noise: 4,
  seat: 4,
  ...overrides,
});

export const questionnaire = (
  overrides: Partial<DriverQuestionnaireSubmission> & Record<string, unknown> = {},
): DriverQuestionnaireSubmission => ({
  id: randomUUID(),
  driverId: 'D-01',
  vehicleId: 'GNV-01',
  shiftDate: '2018-06-11',
  answeredAt: nextAnsweredAt(),
  seat: 4,
  drivingPosition: 4,
  cabNoise: 5,
  vibration: 4,
  gearbox: 5,
  acceleration: 3,
  braking: 4,
  cabTemperature: 3,
  visibility: 5,
  overall: 4,
  ...overrides,
});

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined;
  if (options.raw !== undefined) payload = options.raw;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (CSV)
  }
  return { status: res.status, body, headers: res.headers, text };
}
