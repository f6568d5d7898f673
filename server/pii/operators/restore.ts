/**
 * Restoration for display: placeholders (`<PERSON_1>`) in the model's answer become the values
 * they stand for in this conversation's vault. Placeholders the vault does not know stay as they
 * are. Only call this for a viewer the policy allows (PiiEngine.mayRestore).
 *
 * Streaming: the answer arrives in tokens, and a placeholder may be split across them
 * (`<PER` + `SON_` + `1>`). {@link createStreamingRestorer} holds back the shortest tail that
 * could still become a placeholder, so a value is always emitted whole, and releases that tail
 * as soon as it cannot (a `<` followed by a space, a lower-case letter, or too many characters),
 * so a lone `<` is never held beyond the next chunk that settles it, nor after `end()`.
 */
import { PLACEHOLDER, type PseudonymVault } from './vault.js';

/** Longest placeholder: `<` + 64-character entity type + `_` + 10 digits + `>`. */
const MAX_PLACEHOLDER = 77;
/** A tail that a placeholder could still start with. */
const PARTIAL = /^<(?:[A-Z][A-Z0-9_]*)?$/;

/** `text` with every known placeholder replaced by its value. */
export function restore(text: string, vault: PseudonymVault): string {
  if (!text.includes('<')) return text;
  return text.replace(PLACEHOLDER, (placeholder) => vault.get(placeholder) ?? placeholder);
}

/** A restorer for one streamed answer. */
export interface StreamingRestorer {
  /** Adds a chunk; returns the restored text that is safe to emit now (possibly empty). */
  push(chunk: string): string;
  /** Ends the stream; returns whatever was held back, restored. */
  end(): string;
}

/** A restorer over `vault` for one answer. */
export function createStreamingRestorer(vault: PseudonymVault): StreamingRestorer {
  let held = '';
  return {
    push(chunk) {
      const buffer = held + chunk;
      // Only the last `<` can start an incomplete placeholder: an earlier one is either closed
      // by a `>` or broken by the later `<`.
      const lt = buffer.lastIndexOf('<');
      const cut =
        lt >= 0 && buffer.length - lt < MAX_PLACEHOLDER && PARTIAL.test(buffer.slice(lt))
          ? lt
          : buffer.length;
      held = buffer.slice(cut);
      return restore(buffer.slice(0, cut), vault);
    },
    end() {
      const rest = held;
      held = '';
      return restore(rest, vault);
    },
  };
}
