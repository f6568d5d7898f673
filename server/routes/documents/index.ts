import Router from '@koa/router';
import type { z } from 'zod';
import {
  deleteCollection,
  deleteDocumentFor,
  getDocumentFor,
  listCollectionDocuments,
} from '../../commands/manageDocuments.js';
import { searchDocuments } from '../../commands/searchDocuments.js';
import { uploadDocument } from '../../commands/uploadDocument.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/middleware/authenticate.js';
import { guard, policyOf } from '../../http/middleware/guard.js';
import { jsonBody } from '../../http/middleware/jsonBody.js';
import { validate } from '../../http/middleware/validate.js';
import { readUploadedFile } from '../../http/multipart.js';
import { requestSignal } from '../../http/requestSignal.js';
import type { AppContext, AppState } from '../../http/types.js';
import { presentDocument, presentSearchResult } from '../../presenters/document.js';
import { collectionParam, documentId, listDocumentsQuery, searchBody } from './schema.js';

function collectionOf(ctx: AppContext): string {
  const parsed = collectionParam.safeParse(ctx.params.collection);
  if (!parsed.success) throw new AppError('collection_not_found', 'Collection not found.');
  return parsed.data;
}

function documentIdOf(ctx: AppContext): string {
  const id = ctx.params.id ?? '';
  if (!documentId.test(id)) throw new AppError('document_not_found', 'Document not found.');
  return id;
}

/** Collections and their documents: upload, status, list, delete; and search (issue 7). */
export function documentsRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  const body = jsonBody(deps.config.server.bodyLimitBytes);

  router.post('/collections/:collection/documents', guard(deps, 'document:upload'), async (ctx) => {
    const collection = collectionOf(ctx);
    const file = await readUploadedFile(ctx, deps.config.documents.maxUploadBytes);
    const { document, duplicate } = await uploadDocument(deps, actorOf(ctx), policyOf(ctx), {
      collection,
      name: file.name,
      bytes: file.bytes,
    });
    ctx.status = duplicate ? 200 : 202;
    ctx.body = { ...presentDocument(document), duplicate };
  });

  router.get(
    '/collections/:collection/documents',
    guard(deps, 'collection:read'),
    validate(listDocumentsQuery, 'query'),
    (ctx) => {
      const q = ctx.state.body as z.infer<typeof listDocumentsQuery>;
      const docs = listCollectionDocuments(deps, actorOf(ctx), policyOf(ctx), collectionOf(ctx), q.limit);
      ctx.body = { data: docs.map(presentDocument) };
    },
  );

  router.delete('/collections/:collection', guard(deps, 'collection:manage'), async (ctx) => {
    const removed = await deleteCollection(deps, actorOf(ctx), policyOf(ctx), collectionOf(ctx));
    ctx.body = { deleted_documents: removed.documents, deleted_chunks: removed.chunks };
  });

  router.get('/documents/:id', guard(deps, 'collection:read'), async (ctx) => {
    ctx.body = presentDocument(await getDocumentFor(deps, actorOf(ctx), policyOf(ctx), documentIdOf(ctx)));
  });

  router.delete('/documents/:id', guard(deps, 'document:delete'), async (ctx) => {
    await deleteDocumentFor(deps, actorOf(ctx), policyOf(ctx), documentIdOf(ctx));
    ctx.status = 204;
  });

  router.post('/search', guard(deps, 'search:use'), body, validate(searchBody), async (ctx) => {
    const input = ctx.state.body as z.infer<typeof searchBody>;
    const req = requestSignal(ctx, deps);
    try {
      const results = await searchDocuments(deps, actorOf(ctx), input, policyOf(ctx), req.signal);
      ctx.body = { data: results.map(presentSearchResult) };
    } finally {
      req.dispose();
    }
  });

  return router;
}
