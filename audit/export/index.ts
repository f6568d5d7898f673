// Public surface of compliance exports (issue 5). Needs the store (better-sqlite3) and, at
// export time, esbuild; the verifier it ships needs neither.
export { buildVerifier } from './build-verifier.js';
export { type ExportOptions, type ExportResult, exportBundle } from './bundle.js';
export { type TarFile, writeTar } from './tar.js';
export {
  type BundleReport,
  type ItemResult,
  type VerifyBundleOptions,
  verifyBundle,
} from './verifier/check.js';
export { BUNDLE_VERSION, FILES as BUNDLE_FILES } from './verifier/format.js';
