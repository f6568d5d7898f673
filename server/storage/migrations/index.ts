import { migration0001 } from './0001_initial.js';
import { migration0002 } from './0002_user_roles.js';
import { migration0003 } from './0003_identity.js';
import { migration0004 } from './0004_pii_vault.js';
import { migration0005 } from './0005_documents.js';
import { migration0006 } from './0006_conversation_collections.js';

/** One numbered schema change; applied once, in order, inside a transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, in order. Never edit one that has shipped: add the next number. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
];
