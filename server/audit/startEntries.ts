import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { PolicyStore } from '../policy/index.js';
import { system } from './events.js';
import type { AuditService } from './open.js';

/**
 * A fingerprint of the effective configuration. Config holds paths and settings, never secrets
 * (those live in files it names), so hashing it is safe; the hash tells an auditor whether two
 * starts ran under the same settings.
 */
export function configFingerprint(config: Config): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

/**
 * The entries of a start: the policy bundle loaded, a `config.changed` when the settings differ
 * from the previous start's (configuration is read only at start, so this is where changes
 * show), and `server.started`.
 */
export async function recordStart(
  auditLog: Pick<AuditService, 'auditor' | 'search' | 'health'>,
  config: Config,
  policy: Pick<PolicyStore, 'current'>,
  facts: { pid: number; threads: number },
): Promise<void> {
  const self = system('server');
  const fingerprint = configFingerprint(config);
  const previous = previousFingerprint(auditLog);
  await auditLog.auditor.record({
    action: 'policy.loaded',
    actor: self,
    object: { type: 'policy', id: policy.current.hash },
  });
  if (previous !== undefined && previous !== fingerprint) {
    await auditLog.auditor.record({
      action: 'config.changed',
      actor: self,
      object: { type: 'config', id: 'parley.yaml' },
      details: { old_hash: previous, new_hash: fingerprint },
    });
  }
  await auditLog.auditor.record({
    action: 'server.started',
    actor: self,
    object: { type: 'server', id: config.audit.applianceId },
    details: {
      pid: facts.pid,
      threads: facts.threads,
      config_hash: fingerprint,
      audit_status: auditLog.health.state.status,
    },
  });
}

function previousFingerprint(auditLog: Pick<AuditService, 'search'>): string | undefined {
  const last = auditLog.search.latest('server.started');
  if (!last) return undefined;
  try {
    const hash = (JSON.parse(last.body.toString('utf8')) as { details?: { config_hash?: unknown } }).details
      ?.config_hash;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined;
  }
}
