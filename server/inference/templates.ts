import { type ChatWrapper, type LlamaModel, resolveChatWrapper } from 'node-llama-cpp';
import type { CatalogEntry } from './catalog.js';

/** The prompt format a chat model is driven with. */
export type ChatWrapperLike = ChatWrapper;

const byName = {
  chatml: 'chatML',
  llama3: 'llama3',
  llama2: 'llama2Chat',
  mistral: 'mistral',
  gemma: 'gemma',
  general: 'general',
} as const;

/**
 * Maps the catalog's `chatTemplate` to a node-llama-cpp chat wrapper. `model-default` uses
 * the Jinja template inside the GGUF when there is one, else node-llama-cpp's detection.
 */
export function resolveTemplate(model: LlamaModel, template: CatalogEntry['chatTemplate']): ChatWrapperLike {
  if (template === 'model-default') return resolveChatWrapper(model);
  return resolveChatWrapper(model, { type: byName[template] });
}
