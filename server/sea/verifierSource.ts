import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildVerifier, ExportError, type VerifierSource } from '../../audit/export/index.js';

/** SEA asset key of the pre-built verify.mjs (embedded by scripts/build-binary.mjs, uncompressed). */
export const VERIFIER_ASSET = 'audit/verify.mjs';

/** The part of `node:sea` used here (Node >= 20.12); injectable for tests. */
export interface SeaAssets {
  isSea(): boolean;
  getAsset(key: string): ArrayBuffer;
}

/** Where each kind of build finds its verifier; every field is for tests. */
export interface VerifierSourceOptions {
  /** `node:sea`, or null for none; default: imported if this Node has it. */
  sea?: SeaAssets | null;
  /** A pre-built verify.mjs to prefer over esbuild, or null; default: `npm run build`'s copy, when running compiled. */
  prebuilt?: string | null;
  /** The last resort; default: `buildVerifier` (esbuild, repository only). */
  build?: VerifierSource;
}

// Compiled by `npm run build`, this file is dist/js/server/sea/verifierSource.js and the build
// put the verifier in dist/audit/; run from sources (tsx, tests) it builds one with esbuild.
function defaultPrebuilt(): string | null {
  const self = import.meta.url;
  return self.endsWith('.js') ? fileURLToPath(new URL('../../../audit/verify.mjs', self)) : null;
}

async function loadSea(): Promise<SeaAssets | null> {
  try {
    return (await import('node:sea')) as SeaAssets;
  } catch {
    return null; // Node < 20.12 has no node:sea, and no single executable either
  }
}

/**
 * The verify.mjs source for `exportBundle` in every kind of build: inside the single executable
 * the copy embedded at build time (it has no esbuild and no sources); from a compiled build the
 * copy `npm run build` wrote (production installs have no esbuild either); otherwise one built
 * now with esbuild. Failures are `ExportError` `VERIFIER_UNAVAILABLE`.
 */
export function verifierSource(options: VerifierSourceOptions = {}): VerifierSource {
  return async () => {
    const sea = options.sea === undefined ? await loadSea() : options.sea;
    if (sea?.isSea()) {
      try {
        return Buffer.from(sea.getAsset(VERIFIER_ASSET));
      } catch (err) {
        throw new ExportError('VERIFIER_UNAVAILABLE', `this executable embeds no ${VERIFIER_ASSET}`, {
          cause: err,
        });
      }
    }
    const prebuilt = options.prebuilt === undefined ? defaultPrebuilt() : options.prebuilt;
    if (prebuilt) {
      try {
        return await readFile(prebuilt);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    try {
      return await (options.build ?? buildVerifier)();
    } catch (err) {
      throw new ExportError('VERIFIER_UNAVAILABLE', 'cannot build verify.mjs (run `npm run build`)', {
        cause: err,
      });
    }
  };
}
