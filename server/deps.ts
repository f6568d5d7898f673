import type { Logger } from 'pino';
import type { Auditor } from './audit/events.js';
import type { AuditService } from './audit/open.js';
import type { SecretBox } from './auth/local/secretBox.js';
import type { OidcConnector } from './auth/oidcConnector.js';
import type { Clock } from './clock.js';
import type { Config } from './config/schema.js';
import type { InferenceEngine } from './inference/engine.js';
import type { IngestQueue } from './ingest/queue.js';
import type { UploadStore } from './ingest/uploads.js';
import type { Lifecycle } from './lifecycle.js';
import type { Metrics } from './observability/metrics.js';
import type { PolicyStore } from './policy/index.js';
import type { Db } from './storage/db.js';

/** What commands and routes are built from; assembled once in `server/serve.ts`. */
export interface Deps {
  readonly config: Config;
  readonly db: Db;
  readonly engine: InferenceEngine;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly lifecycle: Lifecycle;
  readonly policy: PolicyStore;
  /** Records security-relevant actions; resolves after the entry is committed (fail closed). */
  readonly audit: Auditor;
  /** The audit log itself: health, checkpoints, export and search. */
  readonly auditLog: AuditService;
  /** Present when `auth.oidc` is configured. */
  readonly oidc?: OidcConnector;
  readonly secretBox: SecretBox;
  /** Document ingestion: uploads waiting for their job, and the bounded job queue (issue 7). */
  readonly documents: { readonly uploads: UploadStore; readonly queue: IngestQueue };
}
