// Public surface of compliance exports (issue 5). Needs the store (better-sqlite3) and, at
// export time, esbuild or a pre-built verify.mjs; the verifier it ships needs neither.
export { buildVerifier, bundleVerifier, VERIFIER_ENTRY } from './build-verifier.js';
export { type ExportOptions, type ExportResult, exportBundle } from './bundle.js';
export { ExportError, type ExportErrorCode } from './errors.js';
export { type BoundaryPaths, rangeProofFromPaths } from './range-proof.js';
export { type TarFile, writeTar } from './tar.js';
export {
  type BundleReport,
  type ItemResult,
  type VerifyBundleOptions,
  verifyBundle,
} from './verifier/check.js';
export { type BundleFiles, filesFromDir, filesFromMap } from './verifier/files.js';
export { BUNDLE_VERSION, FILES as BUNDLE_FILES } from './verifier/format.js';
export { RangeRoot } from './verifier/range.js';
export { defaultVerifierSource, setDefaultVerifierSource, type VerifierSource } from './verifier-source.js';
