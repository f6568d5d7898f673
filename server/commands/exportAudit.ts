import { exportBundle } from '../../audit/export/index.js';
import type { AuditEvent } from '../audit/events.js';
import type { AuditService } from '../audit/open.js';
import { AppError } from '../errors.js';
import { isoOrUndefined } from './searchAudit.js';

/** What was exported, for the caller and the export's own audit entry. */
export interface AuditExportResult {
  outFile: string;
  from: number;
  to: number;
  treeSize: number;
  sha256: string;
}

/**
 * Writes a compliance bundle of the entries whose `ts` is in [from, to) (FORMAT.md §7). A
 * checkpoint is signed (and shipped) for the export over the log as it then stands; the
 * export's own `audit.exported` entry comes after that checkpoint, so it appears in the next
 * export. If that entry cannot be written, the bundle is not handed out.
 */
export async function exportAudit(
  deps: { auditLog: Pick<AuditService, 'store' | 'search' | 'key' | 'origin'> },
  record: (event: Omit<AuditEvent, 'actor'>) => Promise<void>,
  input: { from?: string; to?: string; outFile: string },
): Promise<AuditExportResult> {
  const { store, search, key, origin } = deps.auditLog;
  const from = isoOrUndefined(input.from, 'from');
  const to = isoOrUndefined(input.to, 'to');
  if (from && to && from >= to) throw new AppError('invalid_request', 'from must be before to.');
  const range = from || to ? search.seqRange(from, to) : undefined;
  if ((from || to) && !range) throw new AppError('not_found', 'No audit entries in that period.');
  const result = await exportBundle(store, {
    ...(range ?? {}),
    signer: { origin, key: key.signer },
    vkey: key.vkey,
    outFile: input.outFile,
  });
  await record({
    action: 'audit.exported',
    object: { type: 'audit_log', id: 'audit' },
    details: {
      from_seq: result.from,
      to_seq: result.to,
      tree_size: result.treeSize,
      bundle_sha256: result.sha256,
    },
  });
  return {
    outFile: result.outFile,
    from: result.from,
    to: result.to,
    treeSize: result.treeSize,
    sha256: result.sha256,
  };
}
