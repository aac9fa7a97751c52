import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Constituents' personal data never goes into a log line: callers log ids and codes.
 * As a second line of defence, fields that could carry personal data are redacted wherever they appear.
 */
export const createLogger = (level: string, destination?: pino.DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: 'members-hub' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'constituent',
          '*.constituent',
          'description',
          '*.description',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
