import { CodedError } from '../errors.js';

/** The code of the coded error `fn` throws, or undefined when it does not throw; tests assert codes. */
export function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof CodedError) return err.code;
    throw err;
  }
  return undefined;
}
