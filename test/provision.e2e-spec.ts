/**
 * `npm run provision` as an operator runs it: a process of its own against a running server's admin
 * API. Bad flags stop it before anything is sent (exit 2, the flag named); a run registers the
 * coaches and their tablets and writes the fleet file (mode 0600); a second run on the same file
 * keeps the coaches it holds and adds the new ones; a refusal of the server is said (exit 1).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetFileSchema } from '../simulator/src/fleet';
import { startTestServer, type TestServer } from './support/app';

const root = resolve(__dirname, '..');
const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'scripts/provision.ts', ...args], {
      cwd: root,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

let t: TestServer;
let dir: string;

beforeAll(async () => {
  t = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'provision-'));
}, 120_000);

afterAll(async () => {
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run provision', () => {
  it('refuses bad flags before calling the server, naming the flag', async () => {
    const api = ['--api', t.server.httpUrl, '--token', 'admin-dev-token'];
    for (const [args, message] of [
      [api, /exactly one of --fleet N and --fleet-file/],
      [['--fleet', '0', ...api], /--fleet: "0" is not a whole number/],
      [['--fleet', '2', '--api', 'ftp://x', '--token', 't'], /--api: "ftp:\/\/x" is not an http\(s\) URL/],
      [['--fleet', '2', '--api', t.server.httpUrl], /--token TOKEN is required/],
      [['--fleet-file', join(dir, 'none.json'), ...api], /--fleet-file: fleet file .*none\.json/],
    ] as const) {
      const r = await run([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM vehicle`)).rows[0].n).toBe(2); // the two seed coaches only
  });

  it('registers the coaches and their tablets, and a second run keeps the secrets it wrote', async () => {
    const out = join(dir, 'fleet.json');
    const first = await run(['--fleet', '2', '--api', t.server.httpUrl, '--token', 'admin-dev-token', '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const before = fleetFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(before.vehicles.map((v) => v.id)).toEqual(['GNV-101-01', 'GNV-102-01']);
    const again = await run(['--fleet', '3', '--api', t.server.httpUrl, '--token', 'admin-dev-token', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const after = fleetFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(after.vehicles.slice(0, 2)).toEqual(before.vehicles);
    expect(after.vehicles[2]).toMatchObject({ id: 'DSL-101-01', powertrain: 'diesel', lineId: '101' });
    const tablets = await t.sql.query(`SELECT count(*)::int AS n FROM api_credential WHERE kind = 'tablet' AND origin = 'admin'`);
    expect(tablets.rows[0].n).toBe(3);
  });

  it('says what the server refused', async () => {
    const r = await run(['--fleet', '1', '--api', t.server.httpUrl, '--token', 'engineer-dev-token', '--out', join(dir, 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/registering GNV-101-01: HTTP 403 forbidden/);
  });
});
