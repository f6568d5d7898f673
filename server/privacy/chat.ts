import type { Actor } from '../auth/actor.js';
import type { SecretBox } from '../auth/local/secretBox.js';
import { subjectOf } from '../auth/subject.js';
import type { ChatTurn } from '../inference/generate.js';
import {
  createStreamingRestorer,
  type OperatorContext,
  type PiiEngine,
  type PseudonymVault,
  piiEngineFor,
  restore,
  type Viewer,
} from '../pii/index.js';
import { effectiveRoles } from '../policy/decide.js';
import type { PolicyBundle } from '../policy/index.js';
import { addCounts, maskAt, operatorKeys } from './boundaries.js';

/** The PII boundaries of one chat exchange, for the person who typed the values. */
export interface ChatPrivacy {
  readonly engine: PiiEngine;
  readonly ctx: OperatorContext;
  readonly author: Viewer;
  /** Masks every turn for the model (boundary `prompt`); counts are by entity type. */
  forModel(turns: readonly ChatTurn[]): { turns: ChatTurn[]; counts: Record<string, number> };
  /** Masks text for storage (boundary `storage`). */
  forStorage(text: string): { text: string; counts: Readonly<Record<string, number>> };
  /**
   * Wraps a text callback so the author sees restored values while streaming: a placeholder
   * split across tokens is held back until complete (never half a value). `flush` emits the rest.
   */
  display(onText: ((text: string) => void) | undefined): { onText?: (text: string) => void; flush(): void };
  /** The whole answer as the author sees it. */
  displayText(text: string): string;
}

/**
 * The boundaries of pii.yaml for one exchange under `bundle`: what the model is given, what is
 * stored, and what the author sees (issue 6). `vault` is the conversation's (native chat) or one
 * for this request only (the stateless OpenAI API).
 */
export function chatPrivacy(
  deps: { secretBox: SecretBox },
  bundle: PolicyBundle,
  actor: Actor,
  vault: PseudonymVault,
): ChatPrivacy {
  const engine = piiEngineFor(bundle.pii);
  const ctx: OperatorContext = { ...operatorKeys(deps.secretBox), vault };
  const author: Viewer = { isAuthor: true, roles: effectiveRoles(bundle, subjectOf(actor)) };
  const restoring = engine.mayRestore(author);
  return {
    engine,
    ctx,
    author,
    forModel(turns) {
      const counts: Record<string, number> = {};
      const masked = turns.map((t) => {
        const r = maskAt(engine, t.content, 'prompt', ctx);
        addCounts(counts, r.counts);
        return { ...t, content: r.text };
      });
      return { turns: masked, counts };
    },
    forStorage(text) {
      const r = maskAt(engine, text, 'storage', ctx);
      return { text: r.text, counts: r.counts };
    },
    display(onText) {
      if (!onText || !restoring) return { onText, flush() {} };
      const restorer = createStreamingRestorer(vault);
      return {
        onText: (text) => {
          const out = restorer.push(text);
          if (out) onText(out);
        },
        flush: () => {
          const out = restorer.end();
          if (out) onText(out);
        },
      };
    },
    displayText: (text) => (restoring ? restore(text, vault) : text),
  };
}
