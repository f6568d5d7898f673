#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// Builds dist/parley: one executable with Node, the bundled app and its native files.
//   esbuild (ESM app + node-llama-cpp's binding-test script, CJS bootstrap)
//   -> brotli assets + SHA-256 manifest -> node --experimental-sea-config -> blob
//   -> postject into a stripped copy of process.execPath.
// Options: --main <file> bundles another CLI entry instead of server/cli/main.ts (for
// experiments). See server/sea/README.md for the design.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import postject from 'postject';
import { writeVerifier } from './build-verifier.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nm = path.join(repo, 'node_modules');
const work = path.join(repo, 'dist', 'sea-build');
const stage = path.join(work, 'root'); // mirrors the extracted layout
const output = path.join(repo, 'dist', 'parley');
const mainOverride = argValue('--main');

function argValue(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? path.resolve(process.argv[i + 1]) : undefined;
}

function step(msg) {
  process.stderr.write(`build-binary: ${msg}\n`);
}

// node-llama-cpp looks for its per-platform packages (@node-llama-cpp/linux-x64, ...) only
// when its own bins directory has no match; the executable always extracts bins/, so the
// packages are replaced by empty modules rather than bundled (each reads its package.json
// from disk at import time, which would not exist).
const noPlatformPackages = {
  name: 'no-node-llama-cpp-platform-packages',
  setup(b) {
    b.onResolve({ filter: /^@node-llama-cpp\// }, (a) => ({ path: a.path, namespace: 'nlc-empty' }));
    b.onLoad({ filter: /.*/, namespace: 'nlc-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

// node-llama-cpp tests llama-addon.node in a child process by forking its own
// testBindingBinary.js, and skips the test (with a warning) when that file is bundled
// into something else. The executable ships it as its own file, dist/testBindingBinary.mjs;
// inside the main bundle the function forwards to that file.
const bindingTestShim = {
  name: 'binding-test-shim',
  setup(b) {
    b.onResolve({ filter: /testBindingBinary\.js$/ }, (a) =>
      a.importer.includes(`${path.sep}node-llama-cpp${path.sep}`)
        ? { path: 'shim', namespace: 'binding-test' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'binding-test' }, () => ({
      loader: 'js',
      contents: `export async function testBindingBinary(...args) {
  const m = await import(new URL('./testBindingBinary.mjs', import.meta.url).href);
  return m.testBindingBinary(...args);
}`,
    }));
  },
};

// ipull (model downloads) tries @reflink/reflink's native addon for copy-on-write clones
// inside a try/catch; the executable does without it.
const noReflink = {
  name: 'no-reflink',
  setup(b) {
    b.onResolve({ filter: /^@reflink\/reflink$/ }, () => ({ path: 'reflink', namespace: 'no-reflink' }));
    b.onLoad({ filter: /.*/, namespace: 'no-reflink' }, () => ({
      loader: 'js',
      contents: "export async function reflinkFile() { throw new Error('reflink is not bundled'); }",
    }));
  },
};

// argon2 finds its addon with node-gyp-build relative to its own folder, which does not exist
// inside the executable; the bootstrap sets the path of the extracted, verified copy.
const argon2Binding = {
  name: 'argon2-binding',
  setup(b) {
    b.onResolve({ filter: /^node-gyp-build$/ }, (a) =>
      a.importer.includes(`${path.sep}argon2${path.sep}`)
        ? { path: 'argon2', namespace: 'argon2-binding' }
        : undefined,
    );
    // argon2.cjs passes its __dirname, which an ES-module bundle does not define.
    b.onLoad({ filter: /[\\/]argon2[\\/]argon2\.cjs$/ }, (a) => {
      const source = fs.readFileSync(a.path, 'utf8');
      if (!source.includes('gypBuild(__dirname)'))
        throw new Error('argon2.cjs changed: update the argon2-binding plugin');
      return { loader: 'js', contents: source.replace('gypBuild(__dirname)', "gypBuild('')") };
    });
    b.onLoad({ filter: /.*/, namespace: 'argon2-binding' }, () => ({
      loader: 'js',
      contents:
        "module.exports = () => { const file = globalThis.__parleyArgon2Binding; if (!file) throw new Error('argon2 binding path not set'); return require(file); };",
    }));
  },
};

// better-sqlite3 finds its addon with `bindings`, relative to its own folder, which does not
// exist inside the executable. server/storage passes the extracted path explicitly; the audit
// store (audit/, which knows nothing of the executable) opens databases with the default, which
// here reads the verified path app.ts registers.
const betterSqlite3Binding = {
  name: 'better-sqlite3-binding',
  setup(b) {
    b.onLoad({ filter: /[\\/]better-sqlite3[\\/]lib[\\/]database\.js$/ }, (a) => {
      const source = fs.readFileSync(a.path, 'utf8');
      const call = "require('bindings')('better_sqlite3.node')";
      if (!source.includes(call))
        throw new Error('better-sqlite3 changed: update the better-sqlite3-binding plugin');
      return {
        loader: 'js',
        contents: source.replace(
          call,
          "require(globalThis.__parleyBetterSqlite3Binding ?? (() => { throw new Error('better-sqlite3 binding path not set'); })())",
        ),
      };
    });
  },
};

const mainEntry = {
  name: 'main-override',
  setup(b) {
    if (!mainOverride) return;
    b.onResolve({ filter: /^\.\.\/cli\/main\.js$/ }, () => ({ path: mainOverride }));
  },
};

// Bundled CommonJS code (better-sqlite3, pino, ...) calls require(); in an ES module that
// needs a real require bound to the bundle's location.
// Bundled CommonJS code that finds itself through `__dirname`/`__filename` (synckit, pulled in
// by recheck, would otherwise call fileURLToPath on an empty `import.meta` shim and throw at
// load) gets the bundle's own location: all bundled code lives in that one file.
const esmBanner = [
  "import { createRequire as __parleyCreateRequire } from 'node:module';",
  "import { fileURLToPath as __parleyFileURLToPath } from 'node:url';",
  'const require = __parleyCreateRequire(import.meta.url);',
  'const __parleyFilename = __parleyFileURLToPath(import.meta.url);',
  "const __parleyDirname = __parleyFilename.slice(0, __parleyFilename.lastIndexOf('/'));",
].join(' ');

async function bundleApp() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: esmBanner },
    legalComments: 'none',
    logLevel: 'warning',
  };
  const app = await esbuild.build({
    ...common,
    entryPoints: [path.join(repo, 'server/sea/app.ts')],
    outfile: path.join(stage, 'dist/parley.mjs'),
    // The built-in model catalog, used when the models dir has no catalog.yaml.
    define: {
      // Only free (undeclared) uses are replaced; modules that declare their own keep them.
      __dirname: '__parleyDirname',
      __filename: '__parleyFilename',
      __PARLEY_BUILTIN_CATALOG__: JSON.stringify(
        fs.readFileSync(path.join(repo, 'models/catalog.yaml'), 'utf8'),
      ),
    },
    plugins: [noPlatformPackages, noReflink, bindingTestShim, argon2Binding, betterSqlite3Binding, mainEntry],
    // Only audit/export/build-verifier.ts imports esbuild, lazily, and never inside the
    // executable (it reads its embedded verify.mjs instead): leave esbuild out.
    external: ['esbuild'],
  });
  await esbuild.build({
    ...common,
    entryPoints: [path.join(nm, 'node-llama-cpp/dist/bindings/utils/testBindingBinary.js')],
    outfile: path.join(stage, 'dist/testBindingBinary.mjs'),
    plugins: [noPlatformPackages, noReflink],
  });
  return app;
}

function collectAssets() {
  const files = [
    ['dist/parley.mjs', path.join(stage, 'dist/parley.mjs')],
    ['dist/testBindingBinary.mjs', path.join(stage, 'dist/testBindingBinary.mjs')],
    ['llama/binariesGithubRelease.json', path.join(nm, 'node-llama-cpp/llama/binariesGithubRelease.json')],
    ['native/better_sqlite3.node', path.join(nm, 'better-sqlite3/build/Release/better_sqlite3.node')],
    ['native/vec0.so', path.join(nm, 'sqlite-vec-linux-x64/vec0.so')],
    // The addon node-gyp-build really picks here (a local build, else the matching prebuild).
    ['native/argon2.node', argon2AddonPath()],
  ];
  // The default policy bundle, used when the configured policy folder does not exist.
  const policies = path.join(repo, 'policies');
  const walk = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const f of walk(policies)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    files.push([`policies/${path.relative(policies, f).split(path.sep).join('/')}`, f]);
  }
  const bins = path.join(nm, '@node-llama-cpp/linux-x64/bins/linux-x64');
  for (const f of fs.readdirSync(bins).sort()) files.push([`bins/linux-x64/${f}`, path.join(bins, f)]);
  return files;
}

function argon2AddonPath() {
  const argon2Dir = path.join(nm, 'argon2');
  const gypBuild = createRequire(path.join(argon2Dir, 'package.json'))('node-gyp-build');
  return gypBuild.resolve(argon2Dir);
}

function packAssets(files) {
  const manifest = { version: 1, files: [] };
  const assets = {};
  fs.mkdirSync(path.join(work, 'assets'), { recursive: true });
  for (const [name, src] of files) {
    const bytes = fs.readFileSync(src);
    const native = /\.(node|so)$/.test(name);
    manifest.files.push({
      name,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      mode: native ? 0o500 : 0o400,
      encoding: 'br',
    });
    const packed = path.join(work, 'assets', name.replaceAll('/', '__'));
    fs.writeFileSync(
      packed,
      zlib.brotliCompressSync(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
          [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
    );
    assets[name] = packed;
  }
  return { manifest, assets };
}

async function main() {
  fs.rmSync(work, { recursive: true, force: true });
  step('bundling');
  await bundleApp();
  step('compressing native files');
  const { manifest, assets } = packAssets(collectAssets());
  // The audit export verifier (server/sea/verifierSource.ts reads it with node:sea getAsset):
  // an asset that is not extracted, stored as is (45 KB).
  step('bundling the audit verifier');
  const verifier = path.join(work, 'verify.mjs');
  await writeVerifier(verifier);
  assets['audit/verify.mjs'] = verifier;
  const bootstrap = path.join(work, 'bootstrap.cjs');
  await esbuild.build({
    entryPoints: [path.join(repo, 'server/sea/bootstrap.ts')],
    outfile: bootstrap,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'warning',
    define: { __PARLEY_SEA_MANIFEST__: JSON.stringify(manifest) },
  });
  const blob = path.join(work, 'sea-prep.blob');
  const seaConfig = path.join(work, 'sea-config.json');
  fs.writeFileSync(
    seaConfig,
    JSON.stringify(
      {
        main: bootstrap,
        output: blob,
        disableExperimentalSEAWarning: true,
        useCodeCache: false,
        useSnapshot: false,
        assets,
      },
      null,
      2,
    ),
  );
  step('writing SEA blob');
  const sea = spawnSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: 'inherit' });
  if (sea.status !== 0) throw new Error(`node --experimental-sea-config failed (${sea.status})`);

  const tmp = `${output}.tmp`;
  fs.rmSync(tmp, { force: true });
  // Node ships with debug symbols; dropping them saves ~12 MB. The dynamic symbol table
  // that native addons link against is kept by strip.
  const strip = spawnSync('strip', ['--strip-all', '-o', tmp, process.execPath], { stdio: 'inherit' });
  if (strip.status !== 0) {
    step('strip unavailable; using an unstripped copy of node');
    fs.copyFileSync(process.execPath, tmp);
  }
  fs.chmodSync(tmp, 0o755);
  step('injecting');
  await postject.inject(tmp, 'NODE_SEA_BLOB', fs.readFileSync(blob), {
    sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  });
  fs.renameSync(tmp, output);
  const mb = (fs.statSync(output).size / 1048576).toFixed(1);
  step(`wrote ${path.relative(repo, output)} (${mb} MiB, ${manifest.files.length} embedded files)`);
}

main().catch((err) => {
  process.stderr.write(`build-binary: ${err.stack ?? err}\n`);
  process.exit(1);
});
