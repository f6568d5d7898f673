// Tests inspect JSON responses field by field; undici types `json()` as `unknown`, which
// would force a cast on every line. The production build (tsconfig.build.json) excludes
// test-support/, so server code is still compiled against the strict `unknown`.
declare global {
  interface Response {
    // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON fields
    json(): Promise<any>;
  }
}

export {};
