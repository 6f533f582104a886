import { describe, expect, it } from 'vitest';
import { ENERGY_FACTORS } from '@app/data';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('runs the embedded mode on an empty environment', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.MQTT_URL).toBeUndefined();
    expect(c.MODULES).toEqual(['ingest', 'api', 'scheduler']);
    expect(c.FLEET_CREDENTIALS['GNV-01']).toBeTruthy();
  });

  it('holds the analytics settings too, with libs/data prices by default', () => {
    const c = loadConfig({ ANALYTICS_ROLLUP_BATCH: '5' });
    expect(c).toMatchObject({ ANALYTICS_ROLLUP_INTERVAL_MS: 15_000, ANALYTICS_ROLLUP_MIN_REPEAT_MS: 60_000, ANALYTICS_ROLLUP_BATCH: 5, ANALYTICS_SENSOR_TOLERANCE: 0.1 });
    expect(c.ANALYTICS_PRICE_CNG_EUR_PER_KG).toBe(ENERGY_FACTORS.defaultPrices.cngEurPerKg.value);
  });

  it.each([
    [{ HTTP_PORT: 'eighty' }, 'HTTP_PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ MQTT_URL: 'http://broker' }, 'MQTT_URL'],
    [{ MODULES: 'ingest,reports' }, 'MODULES'],
    [{ FLEET_CREDENTIALS: 'GNV-01' }, 'FLEET_CREDENTIALS'],
    [{ INGEST_BATCH_MAX: '0' }, 'INGEST_BATCH_MAX'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ ANALYTICS_ROLLUP_INTERVAL_MS: '10' }, 'ANALYTICS_ROLLUP_INTERVAL_MS'],
    [{ ANALYTICS_PRICE_CNG_EUR_PER_KG: '-1' }, 'ANALYTICS_PRICE_CNG_EUR_PER_KG'],
    [{ ANALYTICS_SENSOR_TOLERANCE: '5' }, 'ANALYTICS_SENSOR_TOLERANCE'],
  ])('stops with a message naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrowError(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrowError(new RegExp(`^Invalid configuration:\\n  ${name}`));
  });

  it('refuses development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/MQTT_PASSWORD: must be set in production/);
  });
});
