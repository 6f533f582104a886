/** The trial configuration (GET /api/v1/trial): its name, period, candidates and references. Types from libs/contract. */
import type { TrialConfig } from './contract';
import { get } from './http';

export type { TrialConfig };

export const trialConfig = (): Promise<TrialConfig> => get('trial');
