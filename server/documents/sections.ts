import type { ParseContext } from './context.js';
import { normalizeText } from './text.js';
import type { Section } from './types.js';

/**
 * Collects text under a stack of headings, the way Markdown, HTML and DOCX structure it: a
 * heading of level n closes every open heading of level n or deeper. Sections whose text is
 * empty after normalisation are dropped (a heading followed directly by a subheading).
 */
export class SectionBuilder {
  private readonly stack: { level: number; text: string }[] = [];
  private parts: string[] = [];
  private readonly out: Section[] = [];
  private firstTopHeading: string | undefined;

  constructor(
    private readonly ctx: ParseContext,
    private readonly page?: number,
  ) {}

  /** Starts a section under a heading of `level` (1 = top). */
  heading(level: number, raw: string): void {
    const text = normalizeText(raw).replace(/\n/g, ' ');
    if (text === '') return;
    this.flush();
    while (this.stack.length > 0 && (this.stack.at(-1)?.level ?? 0) >= level) this.stack.pop();
    this.stack.push({ level, text });
    if (level === 1) this.firstTopHeading ??= text;
  }

  /** Appends raw text to the current section. */
  append(raw: string): void {
    this.parts.push(raw);
  }

  /** The text of the first level-1 heading, a fallback title. */
  get title(): string | undefined {
    return this.firstTopHeading;
  }

  /** Closes the last section and returns them all. */
  finish(): Section[] {
    this.flush();
    return this.out;
  }

  private flush(): void {
    const text = normalizeText(this.parts.join(''));
    this.parts = [];
    if (text === '') return;
    this.ctx.charge(text.length);
    const path = this.stack.map((h) => h.text);
    this.out.push({
      text,
      ...(this.page !== undefined ? { page: this.page } : {}),
      ...(path.length > 0 ? { heading: path.at(-1), path } : {}),
    });
  }
}
