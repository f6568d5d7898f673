import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../test-support/http.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

let server: TestServer;
let client: OpenAI;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  token = server.token('alice').token;
  // The official SDK, exactly as an existing tool would use it.
  client = new OpenAI({ apiKey: token, baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await server?.stop();
});

describe('OpenAI-compatible API through the official openai client', () => {
  it('lists the served model', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['stories260k']);
    expect(models.data[0]?.object).toBe('model');
  });

  it('answers a non-streamed chat completion with usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'stories260k',
      messages: [{ role: 'user', content: 'Tell me a story about a cat.' }],
      max_tokens: 24,
      temperature: 0.7,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    const choice = completion.choices[0];
    expect(choice?.message.role).toBe('assistant');
    expect(choice?.message.content?.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(choice?.finish_reason);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeLessThanOrEqual(24);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
  });

  it('streams chunks whose concatenation is the answer, with usage on request', async () => {
    const stream = await client.chat.completions.create({
      model: 'stories260k',
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 32,
      stream: true,
      stream_options: { include_usage: true },
      seed: 7,
      temperature: 0.8,
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe('chat.completion.chunk');
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      text += choice.delta.content ?? '';
      finish = choice.finish_reason ?? finish;
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('length');
    expect(usage?.completion_tokens).toBe(32);

    // The same seed and sampling give the same text without streaming.
    const again = await client.chat.completions.create({
      model: 'stories260k',
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 32,
      seed: 7,
      temperature: 0.8,
    });
    expect(again.choices[0]?.message.content).toBe(text);
  });

  it('sends the raw SSE format: role first, finish chunk, then data: [DONE]', async () => {
    const res = await postJson(`${server.url}/v1/chat/completions`, token, {
      model: 'stories260k',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 8,
      stream: true,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const raw = await res.text();
    const lines = raw.split('\n\n').filter(Boolean);
    expect(lines.every((l) => l.startsWith('data: '))).toBe(true);
    expect(lines[lines.length - 1]).toBe('data: [DONE]');
    const chunks = lines.slice(0, -1).map((l) => JSON.parse(l.slice(6)));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const last = chunks[chunks.length - 1];
    expect(last.choices[0].finish_reason).toBe('length');
    // Without include_usage, usage rides on the finishing chunk.
    expect(last.usage.completion_tokens).toBe(8);
  });

  it('honours stop sequences', async () => {
    const first = await client.chat.completions.create({
      model: 'stories260k',
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 64,
      seed: 3,
      temperature: 0.8,
    });
    const text = first.choices[0]?.message.content ?? '';
    // Pick a word the model really wrote, then ask it to stop there.
    const word = text.split(/\s+/).find((w, i) => i > 1 && w.length > 3);
    expect(word).toBeDefined();
    const stopped = await client.chat.completions.create({
      model: 'stories260k',
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 64,
      seed: 3,
      temperature: 0.8,
      stop: [word as string],
    });
    const out = stopped.choices[0]?.message.content ?? '';
    expect(out).not.toContain(word);
    expect(text.startsWith(out.trimEnd())).toBe(true);
    expect(stopped.choices[0]?.finish_reason).toBe('stop');
  });

  it('embeds text with vectors as long as the model embedding size', async () => {
    const res = await client.embeddings.create({ model: 'stories260k', input: ['a red ball', 'a blue sky'] });
    expect(res.data).toHaveLength(2);
    const size = server.deps.engine.embedding.model.embeddingVectorSize;
    expect(size).toBe(64);
    for (const d of res.data) {
      expect(d.embedding).toHaveLength(size);
      expect(d.embedding.every((x) => Number.isFinite(x))).toBe(true);
    }
    expect(res.data[0]?.embedding).not.toEqual(res.data[1]?.embedding);
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('returns plain float arrays when encoding_format is float', async () => {
    const res = await postJson(`${server.url}/v1/embeddings`, token, {
      model: 'stories260k',
      input: 'a red ball',
      encoding_format: 'float',
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data[0].embedding).toHaveLength(64);
    expect(typeof body.data[0].embedding[0]).toBe('number');
  });

  it('answers an unknown model with 404 model_not_found in OpenAI error shape', async () => {
    const err = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    const apiErr = err as InstanceType<typeof OpenAI.NotFoundError>;
    expect(apiErr.status).toBe(404);
    expect(apiErr.code).toBe('model_not_found');
    expect(apiErr.type).toBe('invalid_request_error');
    const embErr = await client.embeddings.create({ model: 'nope', input: 'x' }).catch((e: unknown) => e);
    expect((embErr as InstanceType<typeof OpenAI.NotFoundError>).status).toBe(404);
  });

  it('rejects max_tokens above the configured limit with 400 and names the parameter', async () => {
    const limit = server.deps.config.inference.maxTokensLimit;
    const err = (await client.chat.completions
      .create({ model: 'stories260k', messages: [{ role: 'user', content: 'hi' }], max_tokens: limit + 1 })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe('max_tokens_exceeded');
    expect(err.param).toBe('max_tokens');
  });

  it('refuses a prompt that cannot fit the context with context_length_exceeded', async () => {
    const long = 'the cat sat on the mat '.repeat(400);
    const err = (await client.chat.completions
      .create({ model: 'stories260k', messages: [{ role: 'user', content: long }], max_tokens: 16 })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err.status).toBe(400);
    expect(err.code).toBe('context_length_exceeded');
  });

  it('refuses a conversation that does not end with a user message', async () => {
    const res = await postJson(`${server.url}/v1/chat/completions`, token, {
      model: 'stories260k',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
      ],
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.param).toBe('messages');
  });
});
