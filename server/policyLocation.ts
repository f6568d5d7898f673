import { existsSync } from 'node:fs';
import { getNativeAddons } from './native/addons.js';

/**
 * The configured policy folder; when it does not exist, the single executable's built-in
 * default bundle (reported through `onBuiltin`, so the server logs it with the hash), else
 * the configured path, so that loading fails with a clear error.
 */
export function resolvePolicyDir(configured: string, onBuiltin?: (builtin: string) => void): string {
  const builtin = getNativeAddons().builtinPolicyDir;
  if (!existsSync(configured) && builtin) {
    onBuiltin?.(builtin);
    return builtin;
  }
  return configured;
}
