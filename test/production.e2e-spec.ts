/**
 * The production image, rehearsed without Docker (there is no Docker engine here), step by step
 * as the Dockerfile does it: the build stage (`npm run build` into a clean folder), the runtime
 * stage (package files + `npm ci --omit=dev` + the built dist/ only, so nothing of the sources or
 * the devDependencies — esbuild, swc — is there), then `NODE_ENV=production` with secrets from
 * `npm run secrets`. It checks what an operator checks first: /health, the pages, a login, MQTT
 * ingest with an Ack, /metrics behind its token, and the refusal of a development secret.
 * The database is the test's (CI's PostgreSQL, or the embedded PGlite); the broker is the server's
 * embedded one, since CI's Mosquitto holds development passwords that production refuses.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecrets } from '../scripts/generate-secrets';
import { eventually } from './support/app';
import { encode, telemetry } from './support/messages';
import { freePort } from './support/ports';
import { createTestDatabase, type TestDatabase } from './support/servers';

const run = promisify(execFile);
const root = resolve(__dirname, '..');
const parseEnv = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('production image rehearsed without Docker', () => {
  let dir: string;
  let database: TestDatabase;
  let server: ChildProcess | undefined;
  let base: string;
  let mqttPort: number;
  let output = '';
  const secrets = parseEnv(generateSecrets());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trial-image-'));
    // Build stage.
    await run(process.execPath, ['-r', '@swc-node/register', 'scripts/build.ts', '--out', join(dir, 'build')], {
      cwd: root,
      timeout: 300_000,
    });
    // Runtime stage: package files, production dependencies, the build.
    cpSync(join(root, 'package.json'), join(dir, 'app/package.json'));
    cpSync(join(root, 'package-lock.json'), join(dir, 'app/package-lock.json'));
    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: join(dir, 'app'),
      timeout: 600_000,
    });
    cpSync(join(dir, 'build'), join(dir, 'app/dist'), { recursive: true });
    database = await createTestDatabase();
    const port = await freePort();
    mqttPort = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/apps/server/src/main.js'], {
      cwd: join(dir, 'app'),
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        ...secrets,
        HTTP_PORT: String(port),
        MQTT_PORT: String(mqttPort),
        DATA_DIR: join(dir, 'data'),
        ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await eventually(
      async () => (await fetch(`${base}/health`)).ok,
      `the production server healthy (output: ${output.slice(-2000)})`,
      120_000,
    );
  }, 900_000);

  afterAll(async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => (server && server.exitCode === null ? server.once('exit', r) : r(null)));
    await database?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has no devDependency and no source in the runtime folder', () => {
    const modules = readdirSync(join(dir, 'app/node_modules'));
    for (const dev of ['esbuild', 'vitest', 'playwright-core', 'eslint']) expect(modules).not.toContain(dev);
    expect(readdirSync(join(dir, 'app/node_modules/@swc'))).not.toContain('core');
    expect(existsSync(join(dir, 'app/node_modules/@swc-node'))).toBe(false);
    expect(readdirSync(join(dir, 'app'))).toEqual(expect.arrayContaining(['dist', 'node_modules', 'package.json']));
    expect(readdirSync(join(dir, 'app'))).not.toContain('apps');
  });

  it('answers /health, serves the pages and refuses /metrics without its token', async () => {
    const health = (await (await fetch(`${base}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const dashboard = await fetch(`${base}/dashboard`);
    expect(dashboard.status).toBe(200);
    const asset = /\/assets\/dashboard-[A-Z0-9]+\.js/.exec(await dashboard.text())![0];
    expect((await fetch(`${base}${asset}`)).status).toBe(200);
    expect((await fetch(`${base}/tablet/GNV-01`)).status).toBe(200);
    expect(dashboard.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${secrets.METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('ingest_messages_total');
  });

  it('lets the configured admin sign in, and refuses the development password', async () => {
    const login = (password: string) =>
      fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: secrets.ADMIN_USERNAME, password }),
      });
    expect((await login('trial-admin-dev')).status).toBe(401);
    const ok = await login(secrets.ADMIN_PASSWORD);
    expect(ok.status).toBe(200);
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).toMatch(/^__Host-trial_session=/);
    const me = (await (await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
      user: { username: string };
      roles: string[];
    };
    expect(me.user.username).toBe(secrets.ADMIN_USERNAME);
    expect(me.roles).toContain('admin');
  });

  it('ingests telemetry over MQTT with the generated vehicle secret and acknowledges it', async () => {
    const fleet = Object.fromEntries(secrets.FLEET_CREDENTIALS.split(',').map((p) => p.split(':') as [string, string]));
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'GNV-01', password: 'gnv-01-dev-secret', reconnectPeriod: 0 }),
    ).rejects.toThrow();
    const unit = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      username: 'GNV-01',
      password: fleet['GNV-01'],
      reconnectPeriod: 0,
    });
    try {
      let acked = -1;
      unit.on('message', (_t, payload) => payload.length && (acked = (JSON.parse(payload.toString()) as { telemetry: number }).telemetry));
      await unit.subscribeAsync('fleet/GNV-01/ack', { qos: 1 });
      for (let seq = 0; seq < 20; seq++) await unit.publishAsync('fleet/GNV-01/telemetry', encode(telemetry('GNV-01', seq)), { qos: 1 });
      await eventually(async () => acked === 19, 'the Ack of seqs 0–19', 60_000);
    } finally {
      await unit.endAsync();
    }
  });
});
