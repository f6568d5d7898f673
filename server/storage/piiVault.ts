import type { Db } from './db.js';

/** A stored placeholder of a conversation. */
export interface VaultRow {
  placeholder: string;
  entity_type: string;
  value_enc: string;
}

/** The sealed value behind a placeholder of this conversation. */
export function getVaultEntry(db: Db, conversationId: string, placeholder: string): VaultRow | undefined {
  return db
    .prepare(
      'SELECT placeholder, entity_type, value_enc FROM pii_vault WHERE conversation_id = ? AND placeholder = ?',
    )
    .get(conversationId, placeholder) as VaultRow | undefined;
}

/** The placeholder already given to a value (by its MAC) in this conversation. */
export function findVaultPlaceholder(db: Db, conversationId: string, keyMac: string): string | undefined {
  const row = db
    .prepare('SELECT placeholder FROM pii_vault WHERE conversation_id = ? AND key_mac = ?')
    .get(conversationId, keyMac) as { placeholder: string } | undefined;
  return row?.placeholder;
}

/** How many placeholders of an entity type this conversation has (the next is n + 1). */
export function countVaultEntries(db: Db, conversationId: string, entityType: string): number {
  return (
    db
      .prepare('SELECT count(*) AS n FROM pii_vault WHERE conversation_id = ? AND entity_type = ?')
      .get(conversationId, entityType) as { n: number }
  ).n;
}

/** Records a placeholder; the (conversation, MAC) and (conversation, placeholder) pairs are unique. */
export function insertVaultEntry(
  db: Db,
  row: {
    conversation_id: string;
    placeholder: string;
    entity_type: string;
    key_mac: string;
    value_enc: string;
    created_at: number;
  },
): void {
  db.prepare(
    `INSERT INTO pii_vault (conversation_id, placeholder, entity_type, key_mac, value_enc, created_at)
     VALUES (@conversation_id, @placeholder, @entity_type, @key_mac, @value_enc, @created_at)`,
  ).run(row);
}
