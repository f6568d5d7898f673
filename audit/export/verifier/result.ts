import { CodedError } from '../../errors.js';

/** The verdict on one item, printed as `<item>: valid` or `<item>: INVALID: <reason>`. */
export interface ItemResult {
  item: string;
  ok: boolean;
  reason?: string;
}

/** A reason string for a thrown error; attacker-controlled messages are kept to one line. */
export function reasonOf(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const line = msg.replace(/[\r\n]+/g, ' ');
  return err instanceof CodedError ? `${err.code}: ${line}` : line;
}

/** Runs one check, recording `item` as valid or, if `fn` throws, as invalid with the reason. */
export function attempt<T>(item: string, out: ItemResult[], fn: () => T): T | undefined {
  try {
    const v = fn();
    out.push({ item, ok: true });
    return v;
  } catch (err) {
    out.push({ item, ok: false, reason: reasonOf(err) });
    return undefined;
  }
}
