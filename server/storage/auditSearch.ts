import Database from 'better-sqlite3';

/** Filters of an audit search; all optional, combined with AND. */
export interface AuditSearchFilter {
  /** RFC 3339 bounds on the entry's `ts`: from inclusive, to exclusive. */
  readonly from?: string;
  readonly to?: string;
  /** An actor pseudonym (64 hex) or a system component name. */
  readonly actor?: string;
  readonly action?: string;
  readonly outcome?: string;
  readonly objectType?: string;
  /** For `user`/`subject` objects, the pseudonym. */
  readonly objectId?: string;
}

/** One page of results: entries' exact stored bytes, in seq order. */
export interface AuditSearchPage {
  readonly entries: { seq: number; body: Buffer }[];
  /** Pass as `after` for the next page; null at the end. */
  readonly nextAfter: number | null;
}

/**
 * Read-only searches over the audit database file. A separate connection opened with
 * `readonly`: searching can never write to the log, and in WAL mode it reads a consistent
 * snapshot beside the store's writer. Filters run inside SQLite on the canonical JSON of each
 * entry (a scan in seq order from the cursor; the log is append-only, so seq is the index).
 */
export class AuditSearch {
  readonly #db: Database.Database;
  readonly #page: Database.Statement;

  constructor(file: string) {
    this.#db = new Database(file, { readonly: true, fileMustExist: true });
    this.#db.pragma('busy_timeout = 5000');
    // Every parameter is bound; `@x IS NULL OR ...` turns an absent filter off.
    this.#page = this.#db.prepare(`
      WITH e AS (
        -- A damaged body (attacker-edited bytes) must not break the search: it matches no JSON
        -- filter, and is still listed by time (verification says what is wrong with it).
        SELECT seq, ts, body,
          CASE WHEN json_valid(CAST(body AS TEXT)) THEN CAST(body AS TEXT) ELSE '{}' END AS j
        FROM entries WHERE seq > @after)
      SELECT seq, body FROM e
      WHERE (@from IS NULL OR ts >= @from)
        AND (@to IS NULL OR ts < @to)
        AND (@actor IS NULL OR json_extract(j, '$.actor') = @actor)
        AND (@action IS NULL OR json_extract(j, '$.action') = @action)
        AND (@outcome IS NULL OR json_extract(j, '$.outcome') = @outcome)
        AND (@objectType IS NULL OR json_extract(j, '$.object.type') = @objectType)
        AND (@objectId IS NULL OR json_extract(j, '$.object.id') = @objectId)
      ORDER BY seq
      LIMIT @limit`);
  }

  /** Entries after seq `after` (-1 for the start) matching `filter`, at most `limit`. */
  search(filter: AuditSearchFilter, after: number, limit: number): AuditSearchPage {
    const rows = this.#page.all({
      after,
      from: filter.from ?? null,
      to: filter.to ?? null,
      actor: filter.actor ?? null,
      action: filter.action ?? null,
      outcome: filter.outcome ?? null,
      objectType: filter.objectType ?? null,
      objectId: filter.objectId ?? null,
      limit: limit + 1,
    }) as { seq: number; body: Buffer }[];
    const more = rows.length > limit;
    const entries = more ? rows.slice(0, limit) : rows;
    return { entries, nextAfter: more ? (entries.at(-1)?.seq ?? null) : null };
  }

  /** The newest entry with this action (exact bytes), if any. */
  latest(action: string): { seq: number; body: Buffer } | undefined {
    return this.#db
      .prepare(
        `SELECT seq, body FROM entries
         WHERE json_valid(CAST(body AS TEXT)) AND json_extract(CAST(body AS TEXT), '$.action') = ?
         ORDER BY seq DESC LIMIT 1`,
      )
      .get(action) as { seq: number; body: Buffer } | undefined;
  }

  /** The seqs whose `ts` is in [from, to): `{ from, to }` as a half-open seq range, or undefined. */
  seqRange(from: string | undefined, to: string | undefined): { from: number; to: number } | undefined {
    const row = this.#db
      .prepare(
        'SELECT min(seq) AS lo, max(seq) AS hi FROM entries WHERE (@from IS NULL OR ts >= @from) AND (@to IS NULL OR ts < @to)',
      )
      .get({ from: from ?? null, to: to ?? null }) as { lo: number | null; hi: number | null };
    return row.lo === null || row.hi === null ? undefined : { from: row.lo, to: row.hi + 1 };
  }

  /**
   * How many entries carry sealed personal details, and how many of those are redacted (their
   * subject was erased, GDPR Art. 17): the entries still verify, their details are gone.
   */
  personalCounts(): { sealed: number; redacted: number } {
    const has = this.#db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'personal_details'")
      .get();
    if (!has) return { sealed: 0, redacted: 0 };
    const row = this.#db
      .prepare(
        'SELECT count(*) AS sealed, coalesce(sum(ciphertext IS NULL), 0) AS redacted FROM personal_details',
      )
      .get() as { sealed: number; redacted: number };
    return { sealed: row.sealed, redacted: row.redacted };
  }

  close(): void {
    this.#db.close();
  }
}
