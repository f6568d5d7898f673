import type { Actor } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { type EmbedResult, embedTexts } from '../inference/embed.js';

/** Embeds the inputs with the served embedding model (the chat model when none is cataloged). */
export async function createEmbeddings(
  deps: Deps,
  _actor: Actor,
  input: { model: string; inputs: string[] },
  signal: AbortSignal,
): Promise<EmbedResult> {
  deps.engine.requireModel(input.model, 'embedding');
  return embedTexts(deps.engine.embedding, input.inputs, signal);
}
