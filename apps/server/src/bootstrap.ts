/**
 * Starts the server: the embedded PGlite and Aedes when DATABASE_URL / MQTT_URL are unset, then the
 * NestJS app. Used by main.ts, the tests and the benchmarks, so all run the same code.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { applyHttpBoundary } from './common/http-boundary';
import type { AppConfig } from './config/app-config';
import { startEmbeddedBroker } from './infra/embedded-broker';
import { startEmbeddedDatabase } from './infra/embedded-database';
import { startInThread, type ThreadedServer } from './infra/embedded-threads';
import { createLogger } from './logger';
import { setupOpenApi } from './openapi';
import type { Runtime } from './runtime';

export interface RunningServer {
  app: INestApplication;
  httpUrl: string;
  runtime: Runtime;
  /** The embedded broker's mqtts:// listener, when MQTT_TLS_* are set. */
  brokerTlsUrl?: string;
  stop(): Promise<void>;
}

export async function startServer(config: AppConfig): Promise<RunningServer> {
  const logger = createLogger(config);
  let database: ThreadedServer | undefined;
  let broker: ThreadedServer | undefined;
  const threads = config.EMBEDDED_THREADS;
  const where = threads ? ', in a worker thread' : '';
  try {
    if (!config.DATABASE_URL) {
      const dataDir = resolve(join(config.DATA_DIR, 'pglite'));
      database = threads ? await startInThread({ kind: 'database', dataDir }) : await startEmbeddedDatabase(dataDir);
      logger.log(`embedded PostgreSQL (PGlite) persisted in ${dataDir}${where}`, 'Bootstrap');
    }
    if (!config.MQTT_URL) {
      const creds = { serverUser: config.MQTT_USERNAME, serverPassword: config.MQTT_PASSWORD, fleet: config.FLEET_CREDENTIALS };
      const tls =
        config.MQTT_TLS_CERT_FILE && config.MQTT_TLS_KEY_FILE
          ? {
              cert: readFileSync(config.MQTT_TLS_CERT_FILE, 'utf8'),
              key: readFileSync(config.MQTT_TLS_KEY_FILE, 'utf8'),
              port: config.MQTT_TLS_PORT,
              host: config.MQTT_TLS_HOST,
            }
          : undefined;
      // The units registered through the admin API are verified against their hashes in the database.
      const unitsDatabaseUrl = config.DATABASE_URL ?? database!.url;
      broker = threads
        ? await startInThread({ kind: 'broker', creds, port: config.MQTT_PORT, tls, unitsDatabaseUrl })
        : await startEmbeddedBroker(creds, config.MQTT_PORT, undefined, tls, unitsDatabaseUrl);
      logger.log(`embedded MQTT broker (Aedes) on ${broker.url}${broker.tlsUrl ? ` and ${broker.tlsUrl}` : ''}${where}`, 'Bootstrap');
    }
    const runtime: Runtime = {
      databaseUrl: config.DATABASE_URL ?? database!.url,
      databaseKind: config.DATABASE_URL ? 'postgres' : 'pglite',
      mqttUrl: config.MQTT_URL ?? broker!.url,
      mqttKind: config.MQTT_URL ? 'external' : 'embedded',
    };
    // PGlite is one session behind a multiplexer (PgliteSessionQueue): a connection waits there, not
    // in the pool, so HTTP requests are not stuck behind the ingest's two batches in flight.
    const effective =
      runtime.databaseKind === 'pglite' ? { ...config, DATABASE_POOL_SIZE: Math.min(config.DATABASE_POOL_SIZE, 4) } : config;
    const httpsOptions =
      config.HTTP_TLS_CERT_FILE && config.HTTP_TLS_KEY_FILE
        ? { cert: readFileSync(config.HTTP_TLS_CERT_FILE), key: readFileSync(config.HTTP_TLS_KEY_FILE), minVersion: 'TLSv1.2' as const }
        : undefined;
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(effective, runtime), {
      logger,
      bodyParser: false,
      httpsOptions,
    });
    app.disable('x-powered-by');
    // Behind a reverse proxy, req.ip must be the client's (login throttling per address).
    if (config.HTTP_TRUST_PROXY !== undefined) app.set('trust proxy', config.HTTP_TRUST_PROXY);
    applyHttpBoundary(app);
    setupOpenApi(app);
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
    const address = app.getHttpServer().address() as { port: number };
    const httpUrl = `${httpsOptions ? 'https' : 'http'}://${config.HTTP_HOST}:${address.port}`;
    logger.log(`HTTP on ${httpUrl} (OpenAPI at ${httpUrl}/api/docs)`, 'Bootstrap');
    let stopping: Promise<void> | undefined;
    const stop = async (): Promise<void> => {
      // Keep-alive clients (a browser, a polling tablet) would hold the HTTP server open for ever:
      // close the idle connections now and the rest after a grace period.
      const http = app.getHttpServer() as import('node:http').Server;
      http.closeIdleConnections();
      const force = setTimeout(() => http.closeAllConnections(), 5_000);
      force.unref();
      await app.close();
      clearTimeout(force);
      await broker?.stop();
      await database?.stop();
    };
    // Idempotent: a test may stop a server early, and its teardown stops it again.
    return { app, httpUrl, runtime, brokerTlsUrl: broker?.tlsUrl, stop: () => (stopping ??= stop()) };
  } catch (error) {
    await broker?.stop().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    throw error;
  }
}
