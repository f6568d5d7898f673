import type { SecretBox } from '../auth/local/secretBox.js';
import { hmacHex, type PseudonymEntry, type PseudonymVault, placeholderFor } from '../pii/index.js';
import type { Db } from '../storage/db.js';
import {
  countVaultEntries,
  findVaultPlaceholder,
  getVaultEntry,
  insertVaultEntry,
} from '../storage/piiVault.js';

/**
 * A conversation's pseudonym vault in SQLite (issue 6): the same value always gets the same
 * placeholder within the conversation; values are sealed at rest (AES-256-GCM, bound to the
 * conversation and placeholder) and found by an HMAC of their normalised form, never in clear.
 * Rows go with the conversation (ON DELETE CASCADE). better-sqlite3 is synchronous and each
 * `put` is one short transaction, so concurrent requests of one conversation cannot race.
 */
export class ConversationVault implements PseudonymVault {
  readonly #db: Db;
  readonly #box: SecretBox;
  readonly #macKey: Buffer;
  readonly #conversationId: string;
  readonly #now: () => number;
  readonly #cache = new Map<string, string>();

  constructor(deps: { db: Db; box: SecretBox; now: () => number }, conversationId: string) {
    this.#db = deps.db;
    this.#box = deps.box;
    this.#macKey = deps.box.deriveKey('pii-vault-mac');
    this.#now = deps.now;
    this.#conversationId = conversationId;
  }

  get(placeholder: string): string | undefined {
    const cached = this.#cache.get(placeholder);
    if (cached !== undefined) return cached;
    const row = getVaultEntry(this.#db, this.#conversationId, placeholder);
    if (!row) return undefined;
    const value = this.#box.open(row.value_enc, this.#context(placeholder)).toString('utf8');
    this.#cache.set(placeholder, value);
    return value;
  }

  put(entry: PseudonymEntry): string {
    const mac = hmacHex(this.#macKey, `${entry.entityType}\u0000${entry.key}`);
    return this.#db.transaction(() => {
      const known = findVaultPlaceholder(this.#db, this.#conversationId, mac);
      if (known) return known;
      const placeholder = placeholderFor(
        entry.entityType,
        countVaultEntries(this.#db, this.#conversationId, entry.entityType) + 1,
      );
      insertVaultEntry(this.#db, {
        conversation_id: this.#conversationId,
        placeholder,
        entity_type: entry.entityType,
        key_mac: mac,
        value_enc: this.#box.seal(Buffer.from(entry.value, 'utf8'), this.#context(placeholder)),
        created_at: this.#now(),
      });
      this.#cache.set(placeholder, entry.value);
      return placeholder;
    })();
  }

  #context(placeholder: string): string {
    return `pii-vault:${this.#conversationId}:${placeholder}`;
  }
}
