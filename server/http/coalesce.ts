/**
 * Gathers streamed text and emits it once per event-loop turn. node-llama-cpp asks for the
 * next token only after its text callback returns, so writing an SSE event inside that
 * callback puts JSON encoding and a socket write on the generation's critical path.
 * Deferring the write with `setImmediate` lets it run while the next token is decoded on
 * the native thread; a slow model still gets one event per token, a fast one fewer.
 */
export class TextCoalescer {
  private buffer = '';
  private scheduled = false;

  constructor(private readonly emit: (text: string) => void) {}

  /** Adds text; it is emitted on the next turn of the event loop at the latest. */
  push(text: string): void {
    this.buffer += text;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Emits whatever is buffered now (call before the final event). */
  flush(): void {
    this.scheduled = false;
    if (this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = '';
    this.emit(text);
  }
}
