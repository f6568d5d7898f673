/**
 * The actor's reach, passed to every query that reads or writes user-owned rows, so that a
 * query without an owner filter cannot be written by accident.
 */
export interface Scope {
  readonly userId: string;
}
