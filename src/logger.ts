/** Builds the process logger: structured JSON lines on stderr (stdout is for alerts and tables). */
import { pino } from 'pino';
import type { Logger } from './ports.js';

/** Paths whose values are never written, wherever they appear in a log object. */
const REDACT = ['token', '*.token', '*.*.token', 'config.telegram', 'config.discord', 'headers.authorization', 'req.headers.authorization'];

/** A pino logger at `level`, writing to stderr, with secrets redacted. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { app: 'vigie' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination as pino.DestinationStream);
}
