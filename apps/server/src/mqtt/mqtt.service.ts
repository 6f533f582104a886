/**
 * The server's one MQTT connection (mqtt.js), shared by the ingest (subscriber) and the Ack
 * publisher. It connects at module init and reports its state to /health. Only a process that
 * runs the ingest connects: the client id is the login, so an API or scheduler process holding
 * the same login would take the ingest's session.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RUNTIME, type Runtime } from '../runtime';

@Injectable()
export class MqttService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MqttService.name);
  private clientInstance?: MqttClient;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  get client(): MqttClient {
    if (!this.clientInstance) throw new Error('MQTT client used before module init');
    return this.clientInstance;
  }

  get connected(): boolean {
    return this.clientInstance?.connected ?? false;
  }

  /** Whether this process holds an MQTT session at all (it runs the ingest). */
  get used(): boolean {
    return this.config.MODULES.includes('ingest');
  }

  async onModuleInit(): Promise<void> {
    if (!this.used) return;
    const options: IClientOptions = {
      username: this.config.MQTT_USERNAME,
      password: this.config.MQTT_PASSWORD,
      // The broker binds the client id to the login anyway; sending it makes the binding explicit.
      clientId: this.config.MQTT_USERNAME,
      clean: this.config.MQTT_CLEAN_SESSION,
      // MQTT 5 for shared subscriptions and PUBACK reason codes.
      protocolVersion: this.config.INGEST_SHARE_GROUP ? 5 : 4,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      // The broker may hold many queued messages for a persistent session: let them in fast.
      resubscribe: true,
      // mqtts:// to a broker whose certificate a private CA signed.
      ...(this.config.MQTT_CA_FILE ? { ca: readFileSync(this.config.MQTT_CA_FILE) } : {}),
    };
    this.clientInstance = mqtt.connect(this.runtime.mqttUrl, options);
    this.clientInstance.on('error', (error) => this.logger.warn(`MQTT error: ${error.message}`));
    this.clientInstance.on('reconnect', () => this.logger.warn('MQTT reconnecting'));
    this.clientInstance.on('connect', () => this.logger.log(`MQTT connected to ${redact(this.runtime.mqttUrl)}`));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`MQTT broker ${redact(this.runtime.mqttUrl)} did not accept the connection within 10 s`)),
        10_000,
      );
      this.client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clientInstance?.endAsync().catch(() => undefined);
  }
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
