/**
 * Alerts API (/api/v1/alerts…; docs/alerts.md): alerts and their history, acknowledgement with a
 * comment, rule thresholds (validated by the server with the contract's schemas; its field errors
 * name the parameter), silences and maintenance windows. Every list has its CSV (?format=csv).
 */
import type {
  AlertDetail,
  AlertHistoryEntry,
  AlertRecord,
  AlertRuleId,
  AlertRuleParams,
  AlertRuleRecord,
  SilenceKind,
  SilenceRecord,
} from './contract';
import { del, get, post, put } from './http';

export interface AlertFilter {
  state?: 'open' | 'firing' | 'recovering' | 'resolved';
  vehicleId?: string;
  ruleId?: AlertRuleId;
  limit?: number;
}

export const listAlerts = (q: AlertFilter = {}): Promise<AlertRecord[]> => get('alerts', { ...q });
export const alertDetail = (id: number): Promise<AlertDetail> => get(`alerts/${id}`);
export const acknowledge = (id: number, comment: string): Promise<AlertDetail> => post(`alerts/${id}/acknowledge`, { comment });
export const alertHistory = (q: { ruleId?: AlertRuleId; kind?: string; limit?: number }): Promise<AlertHistoryEntry[]> =>
  get('alerts/history', { ...q });
export const listRules = (): Promise<AlertRuleRecord[]> => get('alerts/rules');
export const updateRule = (
  id: AlertRuleId,
  body: { params: AlertRuleParams; enabled?: boolean; reason: string },
): Promise<AlertRuleRecord> => put(`alerts/rules/${encodeURIComponent(id)}`, body);
export const listSilences = (): Promise<SilenceRecord[]> => get('alerts/silences');
export const createSilence = (s: {
  kind: SilenceKind;
  ruleId?: AlertRuleId;
  vehicleId?: string;
  startsAt?: string;
  endsAt: string;
  reason: string;
}): Promise<SilenceRecord> => post('alerts/silences', s);
export const deleteSilence = (id: number): Promise<SilenceRecord> => del(`alerts/silences/${id}`);

/** Open: firing or recovering (the API's state=open). */
export const isOpen = (a: AlertRecord): boolean => a.state !== 'resolved';

/** The header's count: open alerts not silenced, as the live stream's `openCount` counts them. */
export async function openAlertCount(): Promise<number> {
  return (await listAlerts({ state: 'open', limit: 5000 })).filter((a) => !a.silenced).length;
}
