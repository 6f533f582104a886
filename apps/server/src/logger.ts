import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { AppConfig } from './config/app-config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured JSON logs by default (one object per line, for log shippers); `pretty` for a terminal. */
export function createLogger(config: Pick<AppConfig, 'LOG_FORMAT' | 'LOG_LEVEL'>): ConsoleLogger {
  return new ConsoleLogger({
    json: config.LOG_FORMAT === 'json',
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
  });
}
