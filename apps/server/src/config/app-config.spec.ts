import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('runs the embedded mode on an empty environment', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.MQTT_URL).toBeUndefined();
    expect(c.MODULES).toEqual(['ingest', 'api', 'scheduler']);
    expect(c.FLEET_CREDENTIALS['GNV-01']).toBeTruthy();
  });

  it.each([
    [{ HTTP_PORT: 'eighty' }, 'HTTP_PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ MQTT_URL: 'http://broker' }, 'MQTT_URL'],
    [{ MODULES: 'ingest,reports' }, 'MODULES'],
    [{ FLEET_CREDENTIALS: 'GNV-01' }, 'FLEET_CREDENTIALS'],
    [{ INGEST_BATCH_MAX: '0' }, 'INGEST_BATCH_MAX'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
  ])('stops with a message naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrowError(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrowError(new RegExp(`^Invalid configuration:\\n  ${name}`));
  });

  it('refuses development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/MQTT_PASSWORD: must be set in production/);
  });
});
