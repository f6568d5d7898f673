import { AuditError } from '../../errors.js';

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
  return err instanceof AuditError ? `${err.code}: ${line}` : line;
}
