import pino, { type Logger } from 'pino';
import { maskLogValue } from './logMask.js';

/**
 * Structured JSON logs. Message text, prompts and secrets are never passed to the logger;
 * the redaction list is a second line of defence for fields that might carry them, and the
 * PII masker of the logs boundary (logMask.ts) a third, for any free text that does.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'parley' },
      hooks: {
        // The logs boundary of pii.yaml: every string of every line is masked first.
        logMethod(args, method) {
          method.apply(this, args.map((a) => maskLogValue(a)) as Parameters<typeof method>);
        },
      },
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
