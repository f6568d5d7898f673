import Router from '@koa/router';
import type { z } from 'zod';
import { createConversation } from '../../commands/createConversation.js';
import { getConversation } from '../../commands/getConversation.js';
import { listConversations } from '../../commands/listConversations.js';
import { sendMessage } from '../../commands/sendMessage.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { TextCoalescer } from '../../http/coalesce.js';
import { actorOf } from '../../http/middleware/authenticate.js';
import { guard, policyOf } from '../../http/middleware/guard.js';
import { jsonBody } from '../../http/middleware/jsonBody.js';
import { validate } from '../../http/middleware/validate.js';
import { requestSignal } from '../../http/requestSignal.js';
import { SseWriter } from '../../http/sse.js';
import type { AppContext, AppState } from '../../http/types.js';
import { presentCitation } from '../../presenters/citation.js';
import { presentConversation, presentMessage } from '../../presenters/conversation.js';
import { presentError } from '../../presenters/error.js';
import { toSampling } from '../shared.js';
import {
  conversationId,
  createConversationSchema,
  listConversationsQuery,
  sendMessageSchema,
} from './schema.js';

/**
 * The native chat API: conversations owned by their creator, replies streamed as SSE
 * (`citation` events for the passages used, then `token` events, then `done`).
 */
export function conversationsRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/conversations' });
  const body = jsonBody(deps.config.server.bodyLimitBytes);
  const sendSchema = sendMessageSchema(deps.config.limits);

  const idParam = (ctx: AppContext): string => {
    const id = ctx.params.id ?? '';
    // Malformed ids cannot exist; answer exactly as for another user's conversation.
    if (!conversationId.test(id)) throw new AppError('conversation_not_found', 'Conversation not found.');
    return id;
  };

  router.post('/', guard(deps, 'chat:use'), body, validate(createConversationSchema), (ctx) => {
    const input = ctx.state.body as z.infer<typeof createConversationSchema>;
    ctx.status = 201;
    ctx.body = presentConversation(createConversation(deps, actorOf(ctx), input, policyOf(ctx)));
  });

  router.get('/', guard(deps, 'conversation:read:own'), validate(listConversationsQuery, 'query'), (ctx) => {
    const q = ctx.state.body as z.infer<typeof listConversationsQuery>;
    const page = listConversations(deps, actorOf(ctx), q);
    ctx.body = { data: page.items.map(presentConversation), next_cursor: page.nextCursor };
  });

  router.get('/:id', guard(deps, 'conversation:read:own'), async (ctx) => {
    const { conversation, messages, citations } = await getConversation(
      { db: deps.db, secretBox: deps.secretBox, clock: deps.clock, bundle: policyOf(ctx), audit: deps.audit },
      actorOf(ctx),
      idParam(ctx),
    );
    ctx.body = {
      ...presentConversation(conversation),
      messages: messages.map((m) => presentMessage(m, citations.get(m.id))),
    };
  });

  router.post('/:id/messages', guard(deps, 'chat:use'), body, validate(sendSchema), async (ctx) => {
    const input = ctx.state.body as z.infer<typeof sendSchema>;
    const id = idParam(ctx);
    const sse = new SseWriter(ctx);
    const req = requestSignal(ctx, deps);
    const pending = new TextCoalescer((text) => sse.send(JSON.stringify({ text }), 'token'));
    try {
      const { message, result, citations } = await sendMessage(
        deps,
        actorOf(ctx),
        { conversationId: id, content: input.content, sampling: toSampling(input) },
        {
          signal: req.signal,
          onText: (text) => pending.push(text),
          // Before the first token, so a client can show the sources while the answer streams.
          onCitations: (used) => {
            for (const c of used) sse.send(JSON.stringify(presentCitation(c)), 'citation');
          },
        },
        policyOf(ctx),
      ).finally(() => pending.flush());
      const seconds = result.durationMs / 1000;
      sse.send(
        JSON.stringify({
          message: presentMessage(
            message,
            citations.map((citation) => ({ state: 'available' as const, citation })),
          ),
          usage: { prompt_tokens: result.promptTokens, completion_tokens: result.completionTokens },
          timing: {
            queued_ms: result.queuedMs,
            time_to_first_token_ms: result.timeToFirstTokenMs,
            duration_ms: result.durationMs,
            tokens_per_second: seconds > 0 ? result.completionTokens / seconds : null,
          },
        }),
        'done',
      );
      sse.end();
    } catch (err) {
      if (!sse.started) throw err;
      // Mid-stream the status is already 200: report the error as the last event.
      sse.send(JSON.stringify(presentError(err, ctx.state.requestId).body), 'error');
      sse.end();
      ctx.state.log.info({ code: (err as AppError).code }, 'stream ended early');
    } finally {
      req.dispose();
    }
  });

  return router;
}
