/**
 * Alerts (/api/v1/alerts, being built beside the dashboard): the shapes the page needs, kept
 * here so that adapting to the final contract is one file. A 404 on the list means the API is
 * not deployed: the page says "alerts not available" instead of failing.
 */
import { del, get, post, put } from './http';

export type AlertState = 'pending' | 'firing' | 'recovering' | 'resolved';
export type Severity = 'info' | 'warning' | 'critical';

export interface Alert {
  id: string;
  ruleId: string;
  ruleName?: string;
  vehicleId: string | null;
  state: AlertState;
  severity: Severity;
  openedAt: string;
  resolvedAt?: string | null;
  value?: number | null;
  message?: string;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
  acknowledgeComment?: string | null;
  escalated?: boolean;
  history?: Array<{ at: string; state?: string; severity?: string; by?: string | null; comment?: string | null; what?: string }>;
}

export interface AlertRule {
  id: string;
  name?: string;
  kind?: string;
  enabled?: boolean;
  /** Editable numbers (thresholds, clear thresholds, durations), validated by the API. */
  params: Record<string, number>;
}

export interface Silence {
  id: string;
  ruleId?: string | null;
  vehicleId?: string | null;
  startsAt: string;
  endsAt: string;
  comment?: string | null;
  createdBy?: string | null;
}

/** `items` or a bare array: either is accepted until the contract is fixed. */
const items = <T>(x: T[] | { items: T[] }): T[] => (Array.isArray(x) ? x : x.items);

export const listAlerts = async (): Promise<Alert[]> => items(await get<Alert[] | { items: Alert[] }>('alerts'));
export const alertDetail = (id: string): Promise<Alert> => get(`alerts/${encodeURIComponent(id)}`);
export const acknowledge = (id: string, comment: string): Promise<Alert> => post(`alerts/${encodeURIComponent(id)}/ack`, { comment });
export const listRules = async (): Promise<AlertRule[]> => items(await get<AlertRule[] | { items: AlertRule[] }>('alerts/rules'));
export const updateRule = (id: string, params: Record<string, number>): Promise<AlertRule> => put(`alerts/rules/${encodeURIComponent(id)}`, { params });
export const listSilences = async (): Promise<Silence[]> => items(await get<Silence[] | { items: Silence[] }>('alerts/silences'));
export const createSilence = (s: Omit<Silence, 'id' | 'createdBy'>): Promise<Silence> => post('alerts/silences', s);
export const deleteSilence = (id: string): Promise<void> => del(`alerts/silences/${encodeURIComponent(id)}`);
export const alertsCsvPath = 'alerts';

/** Open alerts are those not resolved. */
export const isOpen = (a: Alert): boolean => a.state !== 'resolved';
