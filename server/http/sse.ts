import type { AppContext } from './types.js';

/**
 * A Server-Sent Events response that commits lazily: nothing is sent until the first
 * event, so errors before it (queue full, bad model) still get their proper status.
 */
export class SseWriter {
  private opened = false;

  constructor(private readonly ctx: AppContext) {}

  /** True once the 200 and headers have been sent. */
  get started(): boolean {
    return this.opened;
  }

  /** Sends one event; `event` omitted means a plain `data:` line (OpenAI style). */
  send(data: string, event?: string): void {
    this.open();
    const res = this.ctx.res;
    if (res.writableEnded || res.destroyed) return;
    res.write(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`);
  }

  /** Ends the stream. */
  end(): void {
    if (!this.opened) this.open();
    if (!this.ctx.res.writableEnded) this.ctx.res.end();
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    const { ctx } = this;
    ctx.status = 200;
    // Koa must not touch the response after this; headers set so far are carried over.
    ctx.respond = false;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(ctx.response.headers)) {
      if (v !== undefined) headers[k] = typeof v === 'number' ? String(v) : v;
    }
    ctx.res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    ctx.res.flushHeaders();
    ctx.req.socket.setNoDelay(true);
  }
}
