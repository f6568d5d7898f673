import { DocumentError } from './errors.js';
import type { DocumentLimits } from './limits.js';

/** What every format parser receives: the limits, the caller's signal and the shared text budget. */
export interface ParseContext {
  readonly limits: DocumentLimits;
  /** The caller's cancellation signal, for parsers that must stop a library mid-call. */
  readonly signal?: AbortSignal;
  /** Checks the signal and counts `chars` more characters against `maxTextChars`. */
  charge(chars: number): void;
}

/** A context whose text budget starts empty. */
export function createContext(limits: DocumentLimits, signal?: AbortSignal): ParseContext {
  let used = 0;
  return {
    limits,
    ...(signal ? { signal } : {}),
    charge(chars) {
      if (signal?.aborted) {
        throw new DocumentError('aborted', 'Parsing was cancelled.', { cause: signal.reason });
      }
      used += chars;
      if (used > limits.maxTextChars) {
        throw new DocumentError('too_large', 'The document holds more text than the limit allows.', {
          details: { limit: 'maxTextChars', max: limits.maxTextChars },
        });
      }
    },
  };
}
