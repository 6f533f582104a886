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
    expect(c).toMatchObject({
      ANALYTICS_ROLLUP_INTERVAL_MS: 15_000,
      ANALYTICS_ROLLUP_MIN_REPEAT_MS: 60_000,
      ANALYTICS_ROLLUP_BATCH: 5,
      ANALYTICS_SENSOR_TOLERANCE: 0.1,
    });
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

  describe('access control in production (docs/security.md)', () => {
    const production = {
      NODE_ENV: 'production',
      MQTT_PASSWORD: 'a-broker-secret-of-ours',
      FLEET_CREDENTIALS: 'GNV-01:unit-secret-1-of-ours',
      ADMIN_PASSWORD: 'Correct-Horse-Battery-9',
      PSEUDONYM_SECRET: 'k'.repeat(40),
      METRICS_TOKEN: 'm'.repeat(24),
    };
    const refusal = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('loadConfig accepted it');
    };

    it('starts with its own secrets, and imports no development token', () => {
      const c = loadConfig(production);
      expect(c.ADMIN_USERNAME).toBe('admin');
      expect(c.TABLET_TOKENS).toEqual({});
      expect(c.DRIVER_CODES).toEqual({});
      expect(c.ENGINEER_TOKENS).toEqual([]);
      expect(c.ADMIN_TOKENS).toEqual([]);
    });

    it('refuses to start without an admin password, naming the variable', () => {
      const { ADMIN_PASSWORD: _, ...env } = production;
      expect(refusal(env)).toMatch(/ADMIN_PASSWORD: must be set in production/);
    });

    it.each([
      ['shorter than 12 characters', 'Short-pw-1', /ADMIN_PASSWORD: Too small/],
      ['the development default', 'trial-admin-dev', /ADMIN_PASSWORD: a development default or a well-known password/],
      ['a well-known password', 'Password1234', /ADMIN_PASSWORD: a development default or a well-known password/],
      ['the username', 'administrator-x', null],
    ])('refuses an admin password %s, never quoting it', (_what, password, expected) => {
      if (!expected) {
        expect(refusal({ ...production, ADMIN_USERNAME: password, ADMIN_PASSWORD: password })).toMatch(
          /ADMIN_PASSWORD: a development default/,
        );
        return;
      }
      const message = refusal({ ...production, ADMIN_PASSWORD: password });
      expect(message).toMatch(expected);
      expect(message).not.toContain(password);
    });

    it('refuses the development pseudonym key, an insecure cookie and development tokens', () => {
      expect(refusal({ ...production, PSEUDONYM_SECRET: 'pseudonym-dev-secret-not-for-production' })).toMatch(
        /PSEUDONYM_SECRET: holds a development secret/,
      );
      expect(refusal({ ...production, SESSION_COOKIE_SECURE: 'false' })).toMatch(/SESSION_COOKIE_SECURE: must be true in production/);
      const message = refusal({ ...production, TABLET_TOKENS: 'GNV-01:tablet-gnv-01-dev', ENGINEER_TOKENS: 'engineer-dev-token' });
      expect(message).toMatch(/TABLET_TOKENS GNV-01: holds a development secret/);
      expect(message).toMatch(/ENGINEER_TOKENS #1: holds a development secret/);
      expect(message).not.toContain('tablet-gnv-01-dev');
    });

    it.each([
      ['MQTT_PASSWORD', 'ingest-dev-secret', /MQTT_PASSWORD: holds a development secret/],
      ['FLEET_CREDENTIALS', 'GNV-01:gnv-01-dev-secret', /FLEET_CREDENTIALS GNV-01: holds a development secret/],
      ['ADMIN_TOKENS', 'admin-dev-token', /ADMIN_TOKENS #1: holds a development secret/],
      ['ADMIN_TOKENS', 'a-long-token-of-ours,short-one', /ADMIN_TOKENS #2: shorter than 16 characters/],
      ['MQTT_PASSWORD', 'fifteen-chars-x', /MQTT_PASSWORD: shorter than 16 characters/],
      ['DRIVER_CODES', 'D-01:1234', /DRIVER_CODES D-01: shorter than 16 characters/],
      ['METRICS_TOKEN', 'tiny', /METRICS_TOKEN: shorter than 16 characters/],
    ])('refuses %s = a development or short secret even when set explicitly, never quoting it', (name, value, expected) => {
      const message = refusal({ ...production, [name]: value });
      expect(message).toMatch(expected);
      for (const secret of value.split(',').map((v) => v.split(':').pop()!)) expect(message).not.toContain(secret);
    });

    it('requires a metrics token in production', () => {
      const { METRICS_TOKEN: _, ...env } = production;
      expect(refusal(env)).toMatch(/METRICS_TOKEN: must be set in production/);
    });

    it('development has a default admin (printed by npm run trial) but refuses a short password too', () => {
      expect(loadConfig({})).toMatchObject({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'trial-admin-dev', SESSION_COOKIE_SECURE: true });
      expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrowError(/ADMIN_PASSWORD: Too small/);
    });
  });
});
