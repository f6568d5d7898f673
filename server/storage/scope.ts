/**
 * The actor's reach, passed to every query that reads or writes user-owned rows, so that a
 * query without an owner filter cannot be written by accident.
 */
export interface Scope {
  readonly userId: string;
  /**
   * Reach beyond the user's own rows, granted only by a policy decision (for example
   * `conversation:read:any` for a compliance officer). Absent means own rows only.
   */
  readonly allUsers?: boolean;
}
