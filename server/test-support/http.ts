/** One Server-Sent Event as received. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Reads an SSE body to the end (or until `stopAfter` returns true) and returns its events. */
export async function readSse(res: Response, stopAfter?: (e: SseEvent) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  if (!res.body) return events;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event: SseEvent = { event: undefined, data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) event.data += line.slice(6);
      }
      events.push(event);
      if (stopAfter?.(event)) {
        await reader.cancel();
        return events;
      }
      cut = buffer.indexOf('\n\n');
    }
  }
  return events;
}

/** JSON POST with a bearer token. */
export function postJson(url: string, token: string | undefined, body: unknown, init: RequestInit = {}) {
  return fetch(url, {
    method: 'POST',
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Polls `check` until it returns true, for up to `attempts` × 20 ms (state changes, not timing). */
export async function eventually(check: () => boolean | Promise<boolean>, attempts = 250): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached');
}
