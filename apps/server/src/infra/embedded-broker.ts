/**
 * Embedded MQTT broker (Aedes) for the default, one-process mode. It enforces the same
 * per-vehicle credentials and ACL as the production Mosquitto (deploy/mosquitto/), so that the
 * embedded mode is not a weaker system. Aedes has no shared subscriptions: one ingest process.
 */
import { createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { VEHICLE_ID_PATTERN } from '@app/contract';
import { authenticate, mayPublish, maySubscribe, type MqttCredentials, type MqttRole } from './mqtt-acl';
import { UnitCredentials } from './unit-credentials';

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** mqtts:// listener for the on-board units, when a certificate was given. */
  tlsUrl?: string;
  stop(): Promise<void>;
}

/** A TLS listener beside the plain loopback one: PEM contents, and where to listen. */
export interface BrokerTls {
  cert: string;
  key: string;
  port: number;
  host: string;
}

const roles = new WeakMap<Client, MqttRole>();

/** `unitsDatabaseUrl`: also accept the units registered through the admin API (their hashes in that database). */
export async function startEmbeddedBroker(
  creds: MqttCredentials,
  port = 0,
  host = '127.0.0.1',
  tls?: BrokerTls,
  unitsDatabaseUrl?: string,
): Promise<EmbeddedBroker> {
  const units = unitsDatabaseUrl ? new UnitCredentials(unitsDatabaseUrl) : undefined;
  // Only a username neither the server's nor a seed vehicle's is looked up: a seed keeps its FLEET_CREDENTIALS secret.
  const registered = (username: string | undefined): username is string =>
    !!units && !!username && username !== creds.serverUser && !(username in creds.fleet) && VEHICLE_ID_PATTERN.test(username);
  const broker = await Aedes.createBroker({
    // Aedes' default in-memory queue limit per client is small for a 1 Hz × n fleet replay at speed.
    queueLimit: 100_000,
    authenticate(client, username, password, done) {
      const refuse = () => {
        const error = new Error('bad username or password') as AuthenticateError;
        error.returnCode = 4; // CONNACK 0x04 (MQTT 3.1.1 §3.2.2.3)
        done(error, false);
      };
      const accept = (role: MqttRole) => {
        roles.set(client, role);
        // A client id belongs to its login, as Mosquitto's use_username_as_clientid: whatever id was
        // sent, the session is the username's. Aedes reads client.id only after this hook (session,
        // takeover), so a vehicle's login can neither take nor wipe the ingest's persistent session.
        (client as { id: string }).id = username!;
        done(null, true);
      };
      const role = authenticate(creds, username, password);
      if (role) return accept(role);
      if (!registered(username) || !password) return refuse();
      units!.verify(username, password.toString('utf8')).then(
        (ok) => (ok ? accept({ kind: 'vehicle', vehicleId: username }) : refuse()),
        () => refuse(),
      );
    },
    authorizePublish(client, packet, callback) {
      // client is null for messages the broker publishes itself (none here but wills, which are checked at connect).
      const role = client ? roles.get(client) : { kind: 'server' as const };
      if (role && mayPublish(role, packet.topic)) return callback(null);
      callback(new Error(`not authorised to publish on ${packet.topic}`));
    },
    authorizeSubscribe(client, subscription, callback) {
      const role = roles.get(client);
      // A null subscription answers SUBACK 0x80 for that filter (MQTT 3.1.1 §3.9.3).
      callback(null, role && maySubscribe(role, subscription.topic) ? subscription : null);
    },
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  // The same broker (same credentials, ACL and sessions) over TLS, for units on a public network.
  const secure = tls ? createTlsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, broker.handle) : undefined;
  if (secure && tls) {
    await new Promise<void>((resolve, reject) => {
      secure.once('error', reject);
      secure.listen(tls.port, tls.host, () => resolve());
    });
  }
  return {
    url: `mqtt://${host}:${actualPort}`,
    port: actualPort,
    ...(secure && tls ? { tlsUrl: `mqtts://${tls.host}:${(secure.address() as AddressInfo).port}` } : {}),
    async stop() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (secure) await new Promise<void>((resolve) => secure.close(() => resolve()));
      await units?.close();
    },
  };
}
