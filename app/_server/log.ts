import { pino, type Logger as PinoLogger } from 'pino';

/** The server's structured log (JSON lines, from pino): one line per event worth an operator's attention. */
export type Logger = PinoLogger;

/** A logger at `level`, writing to stdout or to `stream` (tests read what was logged). */
export function createLogger(level: string, stream?: { write(line: string): void }): Logger {
  const options = { level, base: { app: 'underlay' }, serializers: { err: pino.stdSerializers.err } };
  return stream ? pino(options, stream) : pino(options);
}
