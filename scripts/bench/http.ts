import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { RunResult } from './stats.js';

/** A Parley server running in a child process for the benchmark, with a bearer token. */
export interface BenchServer {
  readonly url: string;
  readonly token: string;
  /** Threads the engine really uses (the server caps the configured number at the CPUs). */
  readonly threads: number;
  readonly sequences: number;
  /** Peak resident memory of the server process so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  close(): Promise<void>;
}

/**
 * Starts the real server (Koa, auth, SQLite, scheduler, engine) in its own process, as it
 * runs in production, on an ephemeral loopback port with a throwaway data directory.
 */
export async function startBenchServer(opts: {
  repoRoot: string;
  modelsDir: string;
  threads: number;
  sequences: number;
  ingestConcurrency?: number;
}): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(opts.repoRoot, 'scripts/bench/serverProcess.ts'), JSON.stringify(opts)],
    { cwd: opts.repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const info = JSON.parse(first) as { url: string; token: string; threads: number; sequences: number };
  return {
    ...info,
    peakRssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface ChunkJson {
  choices?: { delta?: { content?: string }; finish_reason?: 'stop' | 'length' | null }[];
  usage?: { completion_tokens?: number } | null;
  error?: { message?: string };
}

/** Which HTTP client drives the streams: Node's fetch (undici), or the lighter `node:http`. */
export type ClientKind = 'fetch' | 'node-http';

/** POSTs JSON and returns the response body as it arrives; throws on a non-2xx status. */
async function post(
  client: ClientKind,
  url: string,
  token: string,
  json: string,
): Promise<AsyncIterable<Uint8Array>> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (client === 'fetch') {
    const res = await fetch(url, { method: 'POST', headers, body: json });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return res.body;
  }
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    // Node 20's global agent keeps connections alive, as fetch's pool does.
    http.request(url, { method: 'POST', headers }, resolve).on('error', reject).end(json);
  });
  if ((res.statusCode ?? 0) >= 300) {
    let text = '';
    for await (const b of res) text += String(b);
    throw new Error(`HTTP ${res.statusCode}: ${text}`);
  }
  return res;
}

/**
 * One streaming `POST /v1/chat/completions` over real HTTP on loopback. Reads the SSE body
 * as it arrives (events end at a blank line); time to first token is the first chunk with
 * non-empty `delta.content`, and tokens come from the final chunk's `usage`.
 */
export async function streamChat(
  server: Pick<BenchServer, 'url' | 'token'>,
  body: { model: string; prompt: string; maxTokens: number; temperature: number; seed: number },
  client: ClientKind = 'fetch',
): Promise<RunResult> {
  const started = performance.now();
  const stream = await post(
    client,
    `${server.url}/v1/chat/completions`,
    server.token,
    JSON.stringify({
      model: body.model,
      messages: [{ role: 'user', content: body.prompt }],
      max_tokens: body.maxTokens,
      temperature: body.temperature,
      seed: body.seed,
      stream: true,
    }),
  );

  let ttftMs: number | null = null;
  let tokens = 0;
  let finishReason: RunResult['finishReason'] = 'error';
  let text = '';
  let buffer = '';
  const decoder = new TextDecoder();
  const onEvent = (event: string) => {
    for (const line of event.split('\n')) {
      if (!line.startsWith('data: ')) continue;
      const data = line.slice(6);
      if (data === '[DONE]') continue;
      const chunk = JSON.parse(data) as ChunkJson;
      if (chunk.error) throw new Error(`stream error: ${chunk.error.message ?? 'unknown'}`);
      const choice = chunk.choices?.[0];
      const content = choice?.delta?.content;
      if (content) {
        ttftMs ??= performance.now() - started;
        text += content;
      }
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage?.completion_tokens !== undefined) tokens = chunk.usage.completion_tokens;
    }
  };
  for await (const bytes of stream) {
    buffer += decoder.decode(bytes, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      onEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
  if (buffer.trim()) onEvent(buffer);
  return { tokens, ms: performance.now() - started, ttftMs, finishReason, text };
}
