/**
 * A Mosquitto of a test's own, on a free port, with the project's ACL, the client id bound to the
 * login and the test credentials' password file — for tests that stop it, restart it or give it a
 * TLS listener, which the shared CI broker must not see.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { eventually } from './app';
import { freePort } from './ports';
import { TEST_MQTT_CREDENTIALS, testFleetCredentials } from './servers';

const root = resolve(__dirname, '../..');

export function commandExists(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const hasMosquitto = commandExists('mosquitto') && commandExists('mosquitto_passwd');

export interface PrivateMosquitto {
  /** mqtt:// or mqtts:// (with `tls`). */
  url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port, configuration and persistent store. */
  start(): Promise<void>;
}

export interface PrivateMosquittoOptions {
  /** Its folder (configuration, password file, persistent store). */
  dir: string;
  /** Persistent sessions and messages kept across a restart. */
  persistence?: boolean;
  /** PEM files: the listener speaks TLS only. */
  tls?: { cert: string; key: string; ca: string };
  /** More logins and the ACL lines after their `user` line (more ingest processes, an observer). */
  extraUsers?: Array<{ user: string; password: string; acl: string[] }>;
}

export async function startPrivateMosquitto(o: PrivateMosquittoOptions): Promise<PrivateMosquitto> {
  const port = await freePort();
  mkdirSync(join(o.dir, 'data'), { recursive: true });
  execFileSync('sh', [join(root, 'deploy/mosquitto/make-passwd.sh'), join(o.dir, 'passwd')], {
    env: {
      ...process.env,
      MQTT_USERNAME: TEST_MQTT_CREDENTIALS.serverUser,
      MQTT_PASSWORD: TEST_MQTT_CREDENTIALS.serverPassword,
      FLEET_CREDENTIALS: testFleetCredentials(),
    },
  });
  let acl = join(root, 'deploy/mosquitto/acl');
  if (o.extraUsers?.length) {
    for (const u of o.extraUsers) execFileSync('mosquitto_passwd', ['-b', join(o.dir, 'passwd'), u.user, u.password]);
    // Mosquitto's `pattern` lines must come after every `user` block's lines: extra users go first.
    const extra = o.extraUsers.flatMap((u) => [`user ${u.user}`, ...u.acl, '']);
    acl = join(o.dir, 'acl');
    writeFileSync(acl, [...extra, readFileSync(join(root, 'deploy/mosquitto/acl'), 'utf8')].join('\n'));
  }
  const conf = join(o.dir, 'mosquitto.conf');
  // The listener first: Debian's Mosquitto 2.0.11 otherwise also opens the default port 1883.
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'per_listener_settings false',
      'allow_anonymous false',
      `password_file ${o.dir}/passwd`,
      `acl_file ${acl}`,
      'use_username_as_clientid true',
      ...(o.persistence ? ['persistence true', `persistence_location ${o.dir}/data/`, 'autosave_interval 1'] : ['persistence false']),
      'max_queued_messages 1000000',
      'max_inflight_messages 100',
      ...(o.tls ? [`certfile ${o.tls.cert}`, `keyfile ${o.tls.key}`, `cafile ${o.tls.ca}`, 'tls_version tlsv1.2'] : []),
      '',
    ].join('\n'),
  );
  // Started as root, Mosquitto drops to its own user: let it reach and read its files.
  execFileSync('sh', ['-c', `id mosquitto >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && chown -R mosquitto ${o.dir} || true`]);
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    await eventually(
      () =>
        new Promise<boolean>((res, rej) => {
          const s = connect(port, '127.0.0.1', () => {
            s.end();
            res(true);
          });
          s.on('error', rej);
        }),
      `Mosquitto listening on ${port}`,
    );
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise((r) => {
      c.once('exit', r);
      c.kill('SIGTERM');
    });
  };
  await start();
  return { url: `${o.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`, start, stop };
}
