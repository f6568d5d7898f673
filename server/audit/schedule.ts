import type { Logger } from 'pino';
import type { AuditStore, CheckpointSigner } from '../../audit/store/index.js';
import type { Clock } from '../clock.js';

/** What the schedule needs. */
export interface CheckpointScheduleOptions {
  readonly store: AuditStore;
  readonly signer: CheckpointSigner;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A checkpoint after this many new entries ... */
  readonly everyEntries: number;
  /** ... or after this many milliseconds with new entries, whichever comes first. */
  readonly everyMs: number;
  /** False for one-shot CLI commands: no timer and no shutdown checkpoint. */
  readonly periodic?: boolean;
  /** Counts a failed checkpoint (metric). */
  readonly onFailure?: (err: unknown) => void;
}

/**
 * Issues signed checkpoints every N entries or T seconds (issue 5); exports and shutdown call
 * `checkpointNow` themselves. A checkpoint is only signed when the tree grew since the last
 * one, and the store refuses to sign one inconsistent with an earlier checkpoint.
 */
export class CheckpointSchedule {
  readonly #o: CheckpointScheduleOptions;
  #signedSize: number;
  #pending = false;
  #cancel: () => void = () => {};
  #stopped = false;

  constructor(options: CheckpointScheduleOptions, lastCheckpointSize: number) {
    this.#o = options;
    this.#signedSize = lastCheckpointSize;
    if (options.periodic !== false) this.#arm();
  }

  /** Size of the latest checkpoint this schedule knows of. */
  get signedSize(): number {
    return this.#signedSize;
  }

  /** Called after every committed entry; signs once `everyEntries` have accumulated. */
  onCommitted(): void {
    if (
      this.#o.periodic === false ||
      this.#pending ||
      this.#o.store.size() - this.#signedSize < this.#o.everyEntries
    )
      return;
    this.#pending = true;
    // Not inside the append's promise chain: the caller's answer must not wait for signing.
    setImmediate(() => {
      this.#pending = false;
      this.checkpointNow();
    });
  }

  /** Signs a checkpoint now if the log grew; returns the note, or undefined. Never throws. */
  checkpointNow(): string | undefined {
    if (this.#stopped || this.#o.store.size() === this.#signedSize) return undefined;
    try {
      const note = this.#o.store.checkpoint(this.#o.signer);
      this.noteSigned(this.#o.store.size());
      return note;
    } catch (err) {
      this.#o.onFailure?.(err);
      this.#o.logger.error({ err }, 'audit checkpoint failed');
      return undefined;
    }
  }

  /** Records a checkpoint signed elsewhere (an export), so the timer restarts from it. */
  noteSigned(size: number): void {
    this.#signedSize = Math.max(this.#signedSize, size);
  }

  /** The shutdown checkpoint; no more after it. */
  stop(): string | undefined {
    const note = this.#o.periodic === false ? undefined : this.checkpointNow();
    this.#stopped = true;
    this.#cancel();
    return note;
  }

  #arm(): void {
    this.#cancel = this.#o.clock.setTimeout(() => {
      if (this.#stopped) return;
      this.checkpointNow();
      this.#arm();
    }, this.#o.everyMs);
  }
}
