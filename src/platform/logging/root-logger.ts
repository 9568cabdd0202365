import pino, { Logger } from 'pino';
import type { LogLevel } from '../config/app-config';
import { LOG_REDACT_PATHS } from './redaction';

/** The process's one pino logger: Nest's logger and the request logger write through it. */
export function createRootLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'switchyard', pid: process.pid },
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
