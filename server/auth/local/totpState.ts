import type { SecretBox } from './secretBox.js';

/**
 * What is sealed in `local_credentials`. The active state carries the last accepted time
 * step beside the secret, for replay protection: the 0003 schema has no column for it, and
 * keeping it inside the sealed value also makes it tamper-evident (rolling it back needs
 * the key). Each accepted code re-seals the state with a fresh IV.
 *
 * Additional data binds each value to its user and purpose, so a pending secret cannot be
 * copied into the active column, nor one user's secret onto another user.
 */
export interface TotpState {
  secret: Buffer;
  /** Last accepted RFC 6238 time step; null before the first use. */
  lastStep: number | null;
}

const activeContext = (userId: string) => `parley/totp/active/${userId}`;
const pendingContext = (userId: string) => `parley/totp/pending/${userId}`;

export function sealTotpState(box: SecretBox, userId: string, state: TotpState): string {
  const json = JSON.stringify({ s: state.secret.toString('base64'), l: state.lastStep });
  return box.seal(Buffer.from(json, 'utf8'), activeContext(userId));
}

export function openTotpState(box: SecretBox, userId: string, sealed: string): TotpState {
  const { s, l } = JSON.parse(box.open(sealed, activeContext(userId)).toString('utf8')) as {
    s: string;
    l: number | null;
  };
  return { secret: Buffer.from(s, 'base64'), lastStep: l };
}

export function sealPendingSecret(box: SecretBox, userId: string, secret: Buffer): string {
  return box.seal(secret, pendingContext(userId));
}

export function openPendingSecret(box: SecretBox, userId: string, sealed: string): Buffer {
  return box.open(sealed, pendingContext(userId));
}
