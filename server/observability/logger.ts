import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Message text, prompts and secrets are never passed to the logger;
 * the redaction list is a second line of defence for fields that might carry them.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'parley' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.content',
          '*.messages',
          '*.prompt',
          '*.input',
          '*.token',
          '*.password',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
