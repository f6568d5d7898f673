import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { loadSecretBox } from '../auth/local/secretBox.js';
import { systemClock } from '../clock.js';
import { searchCollections } from '../commands/searchDocuments.js';
import { acceptUpload } from '../commands/uploadDocument.js';
import { AppError } from '../errors.js';
import { loadCatalog } from '../inference/catalog.js';
import { InferenceEngine } from '../inference/engine.js';
import { cpuBudget, resolveThreads } from '../inference/threads.js';
import { IngestQueue } from '../ingest/queue.js';
import { openEmbeddingTransition } from '../ingest/transition.js';
import { UploadStore } from '../ingest/uploads.js';
import { loadBundle, type PolicyBundle } from '../policy/index.js';
import { resolvePolicyDir } from '../policyLocation.js';
import { presentSearchResult } from '../presenters/document.js';
import { documentById } from '../storage/documents.js';
import { type AdminContext, withAdmin } from './cliAudit.js';
import type { CliIo } from './io.js';
import { operator } from './operator.js';
import { type CommonFlags, withCommonOptions } from './options.js';

/** Starts the models for a console command (one sequence: nothing else shares it). */
async function withEngine<T>(ctx: AdminContext, fn: (engine: InferenceEngine) => Promise<T>): Promise<T> {
  const { config } = ctx;
  const engine = await InferenceEngine.start({
    catalog: loadCatalog(config.models.dir, config.models.catalog),
    chatModelId: config.models.chat,
    embeddingModelId: config.models.embedding,
    threads: resolveThreads(config.inference.threads, cpuBudget()),
    sequences: 1,
    contextSize: config.inference.contextSize,
    gpu: config.inference.gpu,
    gpuLayers: config.inference.gpuLayers,
    queueMax: config.inference.queueMax,
    queueTimeoutMs: config.inference.queueTimeoutMs,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
  });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/** The operator acts at the console, but only on collections the policy bundle declares. */
function declaredCollection(bundle: PolicyBundle, name: string): string {
  if (!bundle.rbac.collections.has(name) || name === '*')
    throw new AppError('collection_not_found', `The policy bundle declares no collection ${name}.`);
  return name;
}

/** `parley docs ingest|search`: the organisation's documents from the console (issue 7). */
export function registerDocs(program: Command, io: CliIo, exit: (code: number) => void): void {
  const docs = program.command('docs').description("Ingest and search the organisation's documents");

  withCommonOptions(docs.command('ingest').description('Parse, chunk and embed files into a collection'))
    .requiredOption('--collection <name>', 'a collection declared in rbac.yaml')
    .argument('<files...>', 'files to ingest (type decided by content)')
    .action(async (files: string[], flags: CommonFlags & { collection: string }) => {
      let failures = 0;
      await withAdmin(io, flags, (ctx) =>
        withEngine(ctx, async (engine) => {
          const bundle = loadBundle(resolvePolicyDir(ctx.config.policy.dir));
          const collection = declaredCollection(bundle, flags.collection);
          const uploads = new UploadStore(ctx.config.dataDir);
          const base = {
            db: ctx.db,
            engine,
            clock: systemClock,
            config: ctx.config,
            logger: pino({ level: 'silent' }),
          };
          // During an embedding-model change the previous model embeds new files too, so its
          // vectors keep serving the server's queries until re-embedding ends.
          await openEmbeddingTransition(base, [collection]);
          const secretBox = loadSecretBox(ctx.config.auth.secretKeyFile as string);
          const queue = new IngestQueue({ ...base, uploads, secretBox, policy: { current: bundle } }, 1);
          const deps = { ...base, audit: ctx.audit, documents: { uploads, queue } };
          const tty = process.stderr.isTTY === true;
          for (const [i, file] of files.entries()) {
            const label = `[${i + 1}/${files.length}] ${path.basename(file)}`;
            try {
              const bytes = readFileSync(path.resolve(io.cwd, file));
              const { document, duplicate } = await acceptUpload(deps, operator(), {
                collection,
                name: path.basename(file),
                bytes,
              });
              if (duplicate) {
                io.stdout(`${label}: already in ${collection} as ${document.id}\n`);
                continue;
              }
              // A progress line on a terminal; plain lines when piped.
              const timer = tty
                ? setInterval(() => {
                    const d = documentById(ctx.db, document.id);
                    io.stderr(`\r${label}: ${d?.status ?? '?'} ${Math.round((d?.progress ?? 0) * 100)}%   `);
                  }, 200)
                : undefined;
              await queue.whenIdle();
              if (timer) clearInterval(timer);
              const done = documentById(ctx.db, document.id);
              if (tty) io.stderr('\r');
              if (done?.status === 'done')
                io.stdout(`${label}: ${done.chunk_count} chunks, ${document.id}\n`);
              else {
                failures++;
                io.stdout(`${label}: failed (${done?.status_reason ?? 'unknown'})\n`);
              }
            } catch (err) {
              failures++;
              io.stdout(`${label}: refused (${(err as Error).message})\n`);
            }
          }
        }),
      );
      exit(failures > 0 ? 1 : 0);
    });

  withCommonOptions(docs.command('search').description('Hybrid search of a collection'))
    .requiredOption('--collection <name>', 'a collection declared in rbac.yaml')
    .option('--json', 'print [{"document_id","chunk_id","score","text","page"}] ranked')
    .option('--k <n>', 'results (1-50)', '10')
    .argument('<query>', 'the question')
    .action(async (query: string, flags: CommonFlags & { collection: string; json?: boolean; k: string }) => {
      const k = Number(flags.k);
      if (!Number.isSafeInteger(k) || k < 1 || k > 50)
        throw new AppError('invalid_request', '--k must be 1 to 50.');
      const results = await withAdmin(io, flags, (ctx) =>
        withEngine(ctx, async (engine) => {
          const collection = declaredCollection(
            loadBundle(resolvePolicyDir(ctx.config.policy.dir)),
            flags.collection,
          );
          const logger = pino({ level: 'silent' });
          // Mid model change, the previous model's vectors answer (as in the server).
          await openEmbeddingTransition({ db: ctx.db, engine, clock: systemClock, logger }, [collection]);
          return searchCollections(
            { db: ctx.db, engine, audit: ctx.audit, config: ctx.config },
            operator(),
            [collection],
            { query, k },
            AbortSignal.timeout(60_000),
          );
        }),
      );
      if (flags.json) {
        const rows = results.map(presentSearchResult).map((r) => ({
          document_id: r.document_id,
          chunk_id: r.chunk_id,
          score: r.score,
          text: r.text,
          page: r.page,
        }));
        io.stdout(`${JSON.stringify(rows)}\n`);
      } else {
        for (const [i, r] of results.entries())
          io.stdout(
            `${i + 1}. ${r.sourceName}${r.page ? ` p.${r.page}` : ''} (${r.score.toFixed(4)})\n   ${r.text.slice(0, 200).replace(/\s+/g, ' ')}\n`,
          );
      }
    });
}
