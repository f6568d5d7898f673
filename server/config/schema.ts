import { z } from 'zod';

const MiB = 1024 * 1024;

/** Listening socket and HTTP hardening. */
const serverSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * MiB)
      .default(MiB),
    shutdownGraceMs: z.number().int().min(0).max(600_000).default(10_000),
  })
  .strict();

/** Which models to serve, from the catalog in `dir`. */
const modelsSchema = z
  .object({
    dir: z.string().min(1).default('./models'),
    catalog: z.string().min(1).optional(),
    chat: z.string().min(1).optional(),
    embedding: z.string().min(1).optional(),
  })
  .strict();

/** Inference engine, concurrency and per-request limits. */
const inferenceSchema = z
  .object({
    threads: z.union([z.literal('auto'), z.number().int().min(1).max(1024)]).default('auto'),
    sequences: z.number().int().min(1).max(64).default(4),
    contextSize: z.number().int().min(128).max(1_048_576).optional(),
    queueMax: z.number().int().min(0).max(10_000).default(32),
    queueTimeoutMs: z.number().int().min(1).max(3_600_000).default(30_000),
    maxTokensDefault: z.number().int().min(1).max(1_048_576).default(256),
    maxTokensLimit: z.number().int().min(1).max(1_048_576).default(2048),
    requestTimeoutMs: z.number().int().min(1).max(3_600_000).default(120_000),
    gpu: z.enum(['off', 'auto', 'cuda', 'vulkan']).default('off'),
    gpuLayers: z.union([z.literal('auto'), z.number().int().min(0)]).default('auto'),
  })
  .strict()
  .refine((v) => v.maxTokensDefault <= v.maxTokensLimit, {
    message: 'maxTokensDefault must not exceed maxTokensLimit',
    path: ['maxTokensDefault'],
  });

/** Sizes of what a caller may send. */
const limitsSchema = z
  .object({
    maxMessageChars: z.number().int().min(1).max(10_000_000).default(32_768),
    maxMessages: z.number().int().min(1).max(10_000).default(256),
    maxEmbeddingInputs: z.number().int().min(1).max(10_000).default(64),
  })
  .strict();

/** Where the policy bundle lives. */
const policySchema = z.object({ dir: z.string().min(1).default('./policies') }).strict();

const logSchema = z
  .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
  .strict();

/** The whole configuration, after defaults. */
export const configSchema = z
  .object({
    dataDir: z.string().min(1).default('./data'),
    server: serverSchema.default(() => serverSchema.parse({})),
    models: modelsSchema.default(() => modelsSchema.parse({})),
    inference: inferenceSchema.default(() => inferenceSchema.parse({})),
    limits: limitsSchema.default(() => limitsSchema.parse({})),
    policy: policySchema.default(() => policySchema.parse({})),
    log: logSchema.default(() => logSchema.parse({})),
  })
  .strict();

/** Validated, frozen configuration; paths are absolute. */
export type Config = z.infer<typeof configSchema>;
