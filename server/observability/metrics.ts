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
  readonly securityEvents: Counter<'type'>;
}

/** Figures read at scrape time. */
export interface LiveFigures {
  queueDepth(): number;
  sequencesInUse(): number;
  sequencesTotal(): number;
  threads(): number;
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
    securityEvents: new Counter({
      name: 'parley_security_events_total',
      help: 'Security events (access denied, policy reloads) by type',
      labelNames: ['type'],
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
