/**
 * What the process actually connects to, resolved at start-up: the configured URLs, or those of the
 * embedded PGlite and Aedes that bootstrap started.
 */
export interface Runtime {
  databaseUrl: string;
  databaseKind: 'postgres' | 'pglite';
  mqttUrl: string;
  mqttKind: 'external' | 'embedded';
}

export const RUNTIME = Symbol('RUNTIME');
