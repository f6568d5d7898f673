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

/** Document ingestion and retrieval (issue 7). */
/** How hybrid retrieval ranks (issue 7: "weights configurable; optional MMR for diversity"). */
const retrievalSchema = z
  .object({
    // Weighted reciprocal rank fusion (Cormack et al., SIGIR 2009): each side adds
    // weight / (rrfK + rank). 0 turns a side off. With the chat model standing in for an
    // embedding model, the vector weight is capped at 0.01 × the text weight (README).
    weights: z
      .object({
        vector: z.number().min(0).max(100).default(1),
        text: z.number().min(0).max(100).default(1),
      })
      .strict()
      .refine((w) => w.vector + w.text > 0, 'at least one of weights.vector and weights.text must be > 0')
      .default({ vector: 1, text: 1 }),
    rrfK: z.number().min(0).max(1_000).default(60),
    // Maximal marginal relevance λ in [0, 1] (1 = relevance only); unset: no diversity pass.
    mmrLambda: z.number().min(0).max(1).optional(),
    // Binary first pass with exact re-scoring from `binaryAbove` chunks (auto), or always/never.
    quantization: z.enum(['auto', 'exact', 'binary']).default('auto'),
    oversample: z.number().int().min(1).max(100).default(10),
    binaryAbove: z.number().int().min(0).default(10_000),
  })
  .strict();

const documentsSchema = z
  .object({
    // Largest upload (413 beyond); parsing has its own caps for pages, columns and zip bombs.
    maxUploadBytes: z
      .number()
      .int()
      .min(1)
      .max(1_073_741_824)
      .default(50 * 1_048_576),
    // Chunk size in embedding-model tokens, and the overlap repeated between neighbours.
    chunkTokens: z.number().int().min(16).max(8_192).default(256),
    chunkOverlap: z.number().int().min(0).max(1_024).default(32),
    // Ingestion jobs at once: one keeps chat latency steady while a large upload is embedded.
    ingestConcurrency: z.number().int().min(1).max(8).default(1),
    // Background embedding gives way to chats: each chunk waits for running chats to finish,
    // at most this long (0: never waits). See ingest/embedBatches.ts.
    yieldToChatMs: z.number().int().min(0).max(60_000).default(2_000),
    retrieval: retrievalSchema.default(() => retrievalSchema.parse({})),
  })
  .strict();

/** Sessions, local accounts and OIDC single sign-on (issue 4). */
const authSchema = z
  .object({
    /** Key file for sealing secrets at rest (TOTP seeds); created 0600 if missing. */
    secretKeyFile: z.string().min(1).optional(),
    sessions: z
      .object({
        // HIPAA automatic logoff: 15 minutes idle by default.
        idleTimeoutMs: z
          .number()
          .int()
          .min(60_000)
          .max(86_400_000)
          .default(15 * 60_000),
        absoluteTimeoutMs: z
          .number()
          .int()
          .min(60_000)
          .max(30 * 86_400_000)
          .default(12 * 3_600_000),
        // Only for plain-HTTP tests on loopback; production cookies are always Secure.
        insecureCookiesForTesting: z.boolean().default(false),
      })
      .strict()
      .default({
        idleTimeoutMs: 15 * 60_000,
        absoluteTimeoutMs: 12 * 3_600_000,
        insecureCookiesForTesting: false,
      }),
    local: z
      .object({
        enabled: z.boolean().default(true),
        mfaRequired: z.boolean().default(false),
        argon2MemoryKiB: z.number().int().min(19_456).max(4_194_304).default(65_536),
        argon2TimeCost: z.number().int().min(2).max(20).default(3),
        argon2Parallelism: z.number().int().min(1).max(16).default(1),
        lockAfterFailures: z.number().int().min(1).max(1000).default(10),
        lockDurationMs: z
          .number()
          .int()
          .min(0)
          .max(86_400_000 * 30)
          .default(15 * 60_000),
        backoffBaseMs: z.number().int().min(0).max(60_000).default(1_000),
        backoffMaxMs: z.number().int().min(0).max(3_600_000).default(60_000),
      })
      .strict()
      .default(() => ({
        enabled: true,
        mfaRequired: false,
        argon2MemoryKiB: 65_536,
        argon2TimeCost: 3,
        argon2Parallelism: 1,
        lockAfterFailures: 10,
        lockDurationMs: 15 * 60_000,
        backoffBaseMs: 1_000,
        backoffMaxMs: 60_000,
      })),
    oidc: z
      .object({
        issuer: z.string().url(),
        clientId: z.string().min(1),
        clientAuth: z
          .enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt'])
          .default('client_secret_basic'),
        clientSecretFile: z.string().min(1).optional(),
        privateKeyFile: z.string().min(1).optional(),
        redirectUri: z.string().url(),
        postLogoutRedirectUri: z.string().url().optional(),
        scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
        groupsClaim: z.string().min(1).default('groups'),
        attributeClaims: z.array(z.string().min(1)).default(['department']),
        // Plain-HTTP issuers are refused unless this loudly named switch is on (loopback tests).
        allowInsecureIssuer: z.boolean().default(false),
        discoveryAttempts: z.number().int().min(1).max(100).default(8),
        discoveryBackoffMs: z.number().int().min(1).max(600_000).default(1_000),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The audit log's identity (issue 5). */
const auditSchema = z
  .object({
    // Names this appliance in checkpoints (`<applianceId>/audit`); no spaces or '+'.
    applianceId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, ".", "_" or "-"')
      .default('parley'),
    // A signed checkpoint every N entries or T seconds, whichever comes first; also at
    // shutdown and for every export (issue 5).
    checkpointEveryEntries: z.number().int().min(1).max(1_000_000).default(1_000),
    checkpointEverySeconds: z.number().int().min(1).max(86_400).default(300),
    // Off-box copies of every checkpoint, so that whoever controls the database and the key
    // still cannot rewrite history unnoticed. Each is optional; use more than one if you can.
    ship: z
      .object({
        // Append each note to this file (put it on another volume or a WORM mount).
        file: z.string().min(1).optional(),
        // Send each note as one RFC 5424 message over UDP (RFC 5426) to a syslog collector.
        syslog: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65_535).default(514),
          })
          .strict()
          .optional(),
        // Run this program (argv, no shell) with the note on stdin, e.g. ["logger", "-t", "parley-audit"].
        command: z.array(z.string().min(1)).min(1).optional(),
      })
      .strict()
      .default({}),
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
    auth: authSchema.default(() => authSchema.parse({})),
    audit: auditSchema.default(() => auditSchema.parse({})),
    documents: documentsSchema.default(() => documentsSchema.parse({})),
    log: logSchema.default(() => logSchema.parse({})),
  })
  .strict();

/** Validated, frozen configuration; paths are absolute. */
export type Config = z.infer<typeof configSchema>;
