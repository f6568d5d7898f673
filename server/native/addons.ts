/**
 * Where the native parts live. A normal install resolves them from node_modules; the
 * single executable (server/sea) extracts verified copies and registers their paths
 * here before any storage or inference module runs.
 */
export interface NativeAddons {
  /** Absolute path of better-sqlite3's compiled `.node` addon. */
  betterSqlite3Binding?: string;
  /** Absolute path of sqlite-vec's loadable extension (`vec0.so`). */
  sqliteVecExtension?: string;
  /** Directory holding node-llama-cpp's prebuilt CPU binaries. */
  llamaBinariesDir?: string;
  /** The default policy bundle shipped inside the executable (verified like the rest). */
  builtinPolicyDir?: string;
}

let current: Readonly<NativeAddons> = Object.freeze({});

/** Registers extracted native files; called once by the SEA bootstrap. */
export function setNativeAddons(addons: NativeAddons): void {
  current = Object.freeze({ ...addons });
}

/** The registered native files; empty means "resolve from node_modules". */
export function getNativeAddons(): Readonly<NativeAddons> {
  return current;
}
