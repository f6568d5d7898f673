import type { Citation } from '../commands/buildDocumentContext.js';
import type { CatalogEntry } from '../inference/catalog.js';
import type { GenerateResult } from '../inference/generate.js';
import { presentCitation } from './citation.js';

/** OpenAI's `usage` object. */
export function presentUsage(r: Pick<GenerateResult, 'promptTokens' | 'completionTokens'>) {
  return {
    prompt_tokens: r.promptTokens,
    completion_tokens: r.completionTokens,
    total_tokens: r.promptTokens + r.completionTokens,
  };
}

/**
 * A non-streamed `chat.completion`. With `citations` (the request named collections), they
 * are a top-level extension field, which OpenAI clients ignore.
 */
export function presentCompletion(
  id: string,
  created: number,
  model: string,
  r: GenerateResult,
  citations?: readonly Citation[],
) {
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: r.text, refusal: null },
        logprobs: null,
        finish_reason: r.finishReason,
      },
    ],
    usage: presentUsage(r),
    ...(citations ? { citations: citations.map(presentCitation) } : {}),
  };
}

/** Fields every `chat.completion.chunk` of one stream shares. */
function chunkEnvelope(id: string, created: number, model: string) {
  return { id, object: 'chat.completion.chunk', created, model, system_fingerprint: null };
}

/** One `chat.completion.chunk` of a stream. */
export function presentChunk(
  id: string,
  created: number,
  model: string,
  delta: { role?: 'assistant'; content?: string },
  finishReason: 'stop' | 'length' | null,
  usage?: ReturnType<typeof presentUsage> | null,
) {
  return {
    ...chunkEnvelope(id, created, model),
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(usage === undefined ? {} : { usage }),
  };
}

/**
 * The first chunk of a stream that searched collections: the role, no text yet, and the
 * passages in a top-level `citations` extension field, before any content (as OpenAI's own
 * first chunk carries the role with empty content, so clients parse it unchanged).
 */
export function presentCitationsChunk(
  id: string,
  created: number,
  model: string,
  citations: readonly Citation[],
) {
  return {
    ...presentChunk(id, created, model, { role: 'assistant', content: '' }, null),
    citations: citations.map(presentCitation),
  };
}

/** The trailing usage-only chunk sent when `stream_options.include_usage` is set. */
export function presentUsageChunk(
  id: string,
  created: number,
  model: string,
  usage: ReturnType<typeof presentUsage>,
) {
  return { ...chunkEnvelope(id, created, model), choices: [], usage };
}

/** `GET /v1/models`. */
export function presentModels(models: readonly CatalogEntry[], created: number) {
  return {
    object: 'list',
    data: models.map((m) => ({ id: m.id, object: 'model', created, owned_by: 'parley', role: m.role })),
  };
}

/** `POST /v1/embeddings`; `base64` is the little-endian float32 bytes, as OpenAI sends them. */
export function presentEmbeddings(
  model: string,
  vectors: number[][],
  promptTokens: number,
  format: 'float' | 'base64' = 'float',
) {
  const encode = (v: number[]) =>
    format === 'float' ? v : Buffer.from(new Float32Array(v).buffer).toString('base64');
  return {
    object: 'list',
    data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: encode(v) })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
