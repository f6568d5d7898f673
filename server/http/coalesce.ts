/**
 * Gathers streamed text and emits it in few, timely pieces. node-llama-cpp asks for the
 * next token only after its text callback returns, so writing an SSE event inside that
 * callback would put JSON encoding and a socket write on the generation's critical path.
 * The first text goes out on the next event-loop turn (time to first token is what people
 * feel); after that, text is emitted at most every `intervalMs`, which a person cannot
 * notice but which spares a fast model one event, one write and one client parse per
 * token. A slow model (a token every 30 ms or more) still gets one event per token.
 */
export class TextCoalescer {
  private buffer = '';
  private scheduled: (() => void) | undefined;
  private lastEmit = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly intervalMs = 15,
  ) {}

  /** Adds text; it is emitted within `intervalMs` at the latest. */
  push(text: string): void {
    this.buffer += text;
    if (this.scheduled) return;
    const wait = this.lastEmit + this.intervalMs - performance.now();
    if (wait <= 0) {
      const handle = setImmediate(() => this.flush());
      this.scheduled = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(() => this.flush(), wait);
      this.scheduled = () => clearTimeout(handle);
    }
  }

  /** Emits whatever is buffered now (call before the final event). */
  flush(): void {
    this.scheduled?.();
    this.scheduled = undefined;
    if (this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = '';
    this.lastEmit = performance.now();
    this.emit(text);
  }
}
