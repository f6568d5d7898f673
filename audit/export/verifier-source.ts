// Where exportBundle gets the verify.mjs it ships. In the repository that is an esbuild bundle
// made on first use; the single executable has no esbuild and no TypeScript sources, so it
// registers a reader of its pre-built, embedded copy instead (server/sea/verifierSource.ts).
// audit/ knows nothing of node:sea: it only calls whatever function it is given.
import { buildVerifier } from './build-verifier.js';

/** Supplies the bytes of the standalone verify.mjs. */
export type VerifierSource = () => Promise<Buffer>;

let fallback: VerifierSource = buildVerifier;

/** Sets the process-wide source used when `exportBundle` is given none; `undefined` restores esbuild. */
export function setDefaultVerifierSource(source: VerifierSource | undefined): void {
  fallback = source ?? buildVerifier;
}

/** The process-wide default (esbuild unless a host registered another). */
export function defaultVerifierSource(): VerifierSource {
  return fallback;
}
