import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server instance (own registry, so tests can run several). */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  readonly tokensGenerated: Counter<'model'>;
  readonly promptTokens: Counter<'model'>;
  readonly timeToFirstToken: Histogram<'model'>;
  readonly generationAborts: Counter<'reason'>;
  readonly auditEntries: Counter<'action' | 'outcome'>;
  readonly auditFailures: Counter<'stage'>;
}

/** Figures read at scrape time. */
export interface LiveFigures {
  queueDepth(): number;
  sequencesInUse(): number;
  sequencesTotal(): number;
  threads(): number;
  /** 1 while the audit log verified at start (or its mismatch was acknowledged), else 0. */
  auditIntegrityOk(): number;
  /** Entries in the audit log and in its latest signed checkpoint. */
  auditSize(): number;
  auditCheckpointSize(): number;
}

/** Creates the registry; gauges read `live` when Prometheus scrapes. */
export function createMetrics(live: LiveFigures): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('parley_queue_depth', 'Requests waiting for a model sequence', () => live.queueDepth());
  gauge('parley_sequences_in_use', 'Model context sequences currently generating', () =>
    live.sequencesInUse(),
  );
  gauge('parley_sequences_total', 'Model context sequences configured', () => live.sequencesTotal());
  gauge('parley_inference_threads', 'CPU threads used for inference', () => live.threads());
  gauge(
    'parley_audit_integrity_ok',
    'Audit log verified at start (1), or a mismatch is unacknowledged (0)',
    () => live.auditIntegrityOk(),
  );
  gauge('parley_audit_entries', 'Entries in the audit log', () => live.auditSize());
  gauge('parley_audit_checkpoint_size', 'Tree size of the latest signed audit checkpoint', () =>
    live.auditCheckpointSize(),
  );
  return {
    registry,
    httpRequests: new Counter({
      name: 'parley_http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP request latency (streams: until the last event)',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    tokensGenerated: new Counter({
      name: 'parley_tokens_generated_total',
      help: 'Completion tokens generated',
      labelNames: ['model'],
      registers: [registry],
    }),
    promptTokens: new Counter({
      name: 'parley_prompt_tokens_total',
      help: 'Prompt tokens processed',
      labelNames: ['model'],
      registers: [registry],
    }),
    timeToFirstToken: new Histogram({
      name: 'parley_time_to_first_token_seconds',
      help: 'Time from request to first generated text, queue wait included',
      labelNames: ['model'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    auditEntries: new Counter({
      name: 'parley_audit_entries_total',
      help: 'Audit entries committed by this process, by action and outcome',
      labelNames: ['action', 'outcome'],
      registers: [registry],
    }),
    auditFailures: new Counter({
      name: 'parley_audit_failures_total',
      help: 'Audit log failures by stage (append, checkpoint, ship): each one is an incident',
      labelNames: ['stage'],
      registers: [registry],
    }),
    generationAborts: new Counter({
      name: 'parley_generation_aborts_total',
      help: 'Generations stopped before they finished, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}
