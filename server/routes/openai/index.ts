import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { z } from 'zod';
import { createChatCompletion } from '../../commands/createChatCompletion.js';
import { createEmbeddings } from '../../commands/createEmbeddings.js';
import type { Deps } from '../../deps.js';
import { TextCoalescer } from '../../http/coalesce.js';
import { actorOf } from '../../http/middleware/authenticate.js';
import { guard, policyOf } from '../../http/middleware/guard.js';
import { jsonBody } from '../../http/middleware/jsonBody.js';
import { validate } from '../../http/middleware/validate.js';
import { requestSignal } from '../../http/requestSignal.js';
import { SseWriter } from '../../http/sse.js';
import type { AppState } from '../../http/types.js';
import { presentError } from '../../presenters/error.js';
import {
  presentChunk,
  presentCitationsChunk,
  presentCompletion,
  presentEmbeddings,
  presentModels,
  presentUsage,
  presentUsageChunk,
} from '../../presenters/openai.js';
import { toSampling } from '../shared.js';
import { chatCompletionSchema, embeddingsSchema } from './schema.js';

type ChatBody = z.infer<ReturnType<typeof chatCompletionSchema>>;
type EmbeddingsBody = z.infer<ReturnType<typeof embeddingsSchema>>;

const flatten = (content: ChatBody['messages'][number]['content']) =>
  typeof content === 'string' ? content : content.map((p) => p.text).join('\n');

/** The OpenAI-compatible API: `/v1/models`, `/v1/chat/completions`, `/v1/embeddings`. */
export function openAiRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1' });
  const body = jsonBody(deps.config.server.bodyLimitBytes);
  const startedAt = Math.floor(deps.clock.now() / 1000);

  router.get('/models', guard(deps, 'model:read'), (ctx) => {
    ctx.body = presentModels(deps.engine.servedModels(), startedAt);
  });

  router.post(
    '/chat/completions',
    guard(deps, 'chat:use'),
    body,
    validate(chatCompletionSchema(deps.config.limits)),
    async (ctx) => {
      const b = ctx.state.body as ChatBody;
      const id = `chatcmpl-${randomBytes(12).toString('base64url')}`;
      const created = Math.floor(deps.clock.now() / 1000);
      const input = {
        model: b.model,
        // OpenAI's newer "developer" role is the system prompt for models without one.
        messages: b.messages.map((m) => ({
          role: m.role === 'developer' ? ('system' as const) : m.role,
          content: flatten(m.content),
        })),
        sampling: toSampling(b),
        collections: b.collections,
      };
      const req = requestSignal(ctx, deps);
      try {
        if (!b.stream) {
          const result = await createChatCompletion(
            deps,
            actorOf(ctx),
            input,
            { signal: req.signal },
            policyOf(ctx),
          );
          ctx.body = presentCompletion(
            id,
            created,
            b.model,
            result,
            b.collections ? result.citations : undefined,
          );
          return;
        }
        const sse = new SseWriter(ctx);
        const chunk = (delta: Parameters<typeof presentChunk>[3]) =>
          sse.send(JSON.stringify(presentChunk(id, created, b.model, delta, null)));
        try {
          let first = true;
          const pending = new TextCoalescer((text) => {
            // OpenAI's first chunk carries the role; every later one only content.
            chunk(first ? { role: 'assistant', content: text } : { content: text });
            first = false;
          });
          const result = await createChatCompletion(
            deps,
            actorOf(ctx),
            input,
            {
              signal: req.signal,
              onText: (text) => pending.push(text),
              onCitations: (citations) => {
                sse.send(JSON.stringify(presentCitationsChunk(id, created, b.model, citations)));
                first = false;
              },
            },
            policyOf(ctx),
          ).finally(() => pending.flush());
          if (first) chunk({ role: 'assistant', content: '' });
          const usage = presentUsage(result);
          const includeUsage = b.stream_options?.include_usage === true;
          sse.send(
            JSON.stringify(
              presentChunk(id, created, b.model, {}, result.finishReason, includeUsage ? null : usage),
            ),
          );
          if (includeUsage) sse.send(JSON.stringify(presentUsageChunk(id, created, b.model, usage)));
          sse.send('[DONE]');
          sse.end();
        } catch (err) {
          if (!sse.started) throw err;
          sse.send(JSON.stringify(presentError(err, ctx.state.requestId).body));
          sse.end();
        }
      } finally {
        req.dispose();
      }
    },
  );

  router.post(
    '/embeddings',
    guard(deps, 'embedding:use'),
    body,
    validate(embeddingsSchema(deps.config.limits)),
    async (ctx) => {
      const b = ctx.state.body as EmbeddingsBody;
      const inputs = typeof b.input === 'string' ? [b.input] : b.input;
      const req = requestSignal(ctx, deps);
      try {
        const result = await createEmbeddings(deps, actorOf(ctx), { model: b.model, inputs }, req.signal);
        ctx.body = presentEmbeddings(b.model, result.vectors, result.promptTokens, b.encoding_format);
      } finally {
        req.dispose();
      }
    },
  );

  return router;
}
