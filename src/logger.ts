/**
 * Builds the process logger on stderr (stdout is for alerts, tables and the cycle summary):
 * human-readable lines (pino-pretty) on a terminal, JSON lines otherwise, or as LOG_FORMAT says.
 */
import { pino } from 'pino';
import { PinoPretty } from 'pino-pretty';
import type { Logger } from './ports.js';

/** Paths whose values are never written, wherever they appear in a log object. */
const REDACT = ['token', '*.token', '*.*.token', 'config.telegram', 'config.discord', 'headers.authorization', 'req.headers.authorization'];

/** Pretty when asked, or when unspecified and the destination is a terminal. */
export function wantsPretty(format: 'pretty' | 'json' | undefined, destination: NodeJS.WritableStream): boolean {
  return format === 'pretty' || (format === undefined && (destination as { isTTY?: boolean }).isTTY === true);
}

/** A pino logger at `level`, writing to `destination` (stderr), with secrets redacted (pretty output included). */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr, format?: 'pretty' | 'json'): Logger {
  const options = { level, base: { app: 'vigie' }, redact: { paths: REDACT, censor: '[redacted]' } };
  if (!wantsPretty(format, destination)) return pino(options, destination as pino.DestinationStream);
  const pretty = PinoPretty({
    destination, sync: true, colorize: (destination as { isTTY?: boolean }).isTTY === true,
    translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app', singleLine: true,
  });
  return pino(options, pretty);
}
