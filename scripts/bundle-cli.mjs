// Bundles the CLI into dist/bundle/ (run by `npm run build` after tsc): launch.cjs, the whole CLI,
// and signal.cjs, the client hook's fast path, each one CommonJS file. Node reads one file instead
// of hundreds, and bin/launch runs it through V8's code cache (src/cli/code-cache.ts), which this
// script warms by running `launch status` once: Node 20 caches no module code itself, and compiling
// the same code on every start was most of what a short command cost. CommonJS because vm.Script
// takes a code cache and ES modules have no such door in Node 20. Each command stays a dynamic
// import, which esbuild turns into a module initialised on first use: `launch status` still runs
// only the status command's code, not the demo's, the watchdog's or the HTTP server's.
//
// dist/bundle/ sits two levels under the package root like dist/<dir>/ does, so
// src/util/package-root.ts finds bin/, prompts/, web/ … from the bundle exactly as from tsc's
// output (import.meta.url becomes the bundle file's own URL).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { execa } from 'execa';

const root = fileURLToPath(new URL('../', import.meta.url));

// Packages left to Node's own loader: pino and pino-pretty (the watchdog's logger) find their
// helpers and workers by file path, which a bundle would move. Only `launch watchdog` and `launch
// logs` load them. shell-quote and jsonc-parser are required at run time (createRequire) already.
const EXTERNAL = ['pino', 'pino-pretty'];

/**
 * `import { z } from 'zod'` hands esbuild zod's whole namespace object (every locale, the JSON
 * Schema converters: 750 kB); `import * as z` lets it keep only the members the code uses
 * (about 170 kB). Same bindings, same behaviour; done here so every source file keeps the usual
 * spelling and a new file cannot undo it.
 */
/**
 * Every character past ASCII written as its \\u escape. esbuild does so in strings, not in regular
 * expressions, and the screen readers' patterns hold box-drawing and spinner characters: one of
 * them makes V8 keep the whole bundle as two bytes a character, which costs every start. An escape
 * means the same character in a string, a template, a regular expression (with or without the u
 * flag, inside a class too: a surrogate pair is one code point there) and a comment.
 */
function asciiOnly(text, file) {
  // `\\—` would become a backslash before `\\u2014`: another meaning. Written plainly, it means the same.
  if (/\\[^\0-\x7f]/u.test(text))
    throw new Error(
      `${file}: a backslash before a character past ASCII; write the character alone`,
    );
  return text.replace(/[^\0-\x7f]/gu, (char) => {
    const unit = (code) => `\\u${code.toString(16).padStart(4, '0')}`;
    const code = char.codePointAt(0);
    if (code <= 0xffff) return unit(code);
    const offset = code - 0x10000;
    return unit(0xd800 + (offset >> 10)) + unit(0xdc00 + (offset & 0x3ff));
  });
}

const zodNamespace = {
  name: 'zod-namespace',
  setup(plugin) {
    plugin.onLoad({ filter: /[/\\]src[/\\].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return {
        contents: asciiOnly(
          source.replace(/^import \{ z \} from 'zod';$/gm, "import * as z from 'zod';"),
          args.path,
        ),
        loader: 'ts',
      };
    });
  },
};

/**
 * commander requires node:child_process when it loads, for subcommands that are programs of their
 * own, which launch has none of; loading it costs a short command such as `launch status` (which
 * starts no process when its watchdog answers) about 4 ms. Here it is required on first use.
 * The build fails if commander's line changes, so an upgrade cannot drop this silently.
 */
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(plugin) {
    plugin.onLoad({ filter: /[/\\]commander[/\\]lib[/\\]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(COMMANDER_CHILD_PROCESS))
        throw new Error(`${args.path}: no "${COMMANDER_CHILD_PROCESS}" to make lazy`);
      return {
        contents: source.replace(
          COMMANDER_CHILD_PROCESS,
          "let childProcessModule; const childProcess = { spawn: (...args) => (childProcessModule ??= require('node:child_process')).spawn(...args) };",
        ),
        loader: 'js',
      };
    });
  },
};

/**
 * The status bundle's program knows one command: the others' modules (imported by program.ts
 * only when that command runs) are left out, so `launch status` reads about half the bytes.
 * bin/launch runs it only for `launch status …`; the stand-in below says so if anything ever asks
 * it for another command.
 */
const statusOnly = {
  name: 'status-only',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) =>
      args.importer.endsWith(`cli${sep}program.ts`) && args.path !== './commands/status.js'
        ? { path: args.path, namespace: 'not-in-status-bundle' }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'not-in-status-bundle' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not in the status bundle; run launch without LAUNCH_BUNDLE=status`)});`,
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Packages' ES module builds (jsonc-parser, luxon): smaller once unused exports are dropped.
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  // import() of those becomes require(): they are CommonJS, and code run through vm.Script with a
  // code cache has no loader for import() (src/cli/code-cache.ts).
  supported: { 'dynamic-import': false },
  // The ES modules' import.meta.url: the bundle file's own URL (its folder is dist/bundle/).
  // One id for every bundle of this build: a watchdog answers `launch status` only for a caller of
  // its own build (src/status/served-status-protocol.ts).
  define: {
    'import.meta.url': '__launchModuleUrl',
    __LAUNCH_BUILD__: JSON.stringify(randomUUID()),
  },
  banner: { js: "const __launchModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: 'linked',
  legalComments: 'none',
  // Without comments and spaces, and all ASCII (esbuild's default charset): V8 keeps the source as
  // one byte a character (a comment's "—" alone doubled it) and reads less. Names stay, so stack
  // traces still name functions; `--verbose` maps them to src/ through the source map.
  minifyWhitespace: true,
  metafile: true,
  logLevel: 'warning',
};

rmSync(new URL('../dist/bundle/', import.meta.url), { recursive: true, force: true });
const [whole, status] = await Promise.all([
  build({
    ...common,
    entryPoints: { launch: 'src/cli/main.ts', signal: 'src/cli/commands/signal.ts' },
    plugins: [zodNamespace, lazyChildProcess],
  }),
  build({
    ...common,
    entryPoints: { status: 'src/cli/status-entry.ts' },
    plugins: [zodNamespace, lazyChildProcess, statusOnly],
  }),
]);
// bin/launch's loader, CommonJS like bin/launch itself (src/cli/code-cache.ts).
await build({
  ...common,
  entryPoints: { 'code-cache': 'src/cli/code-cache.ts' },
  sourcemap: false,
  metafile: false,
});
const result = {
  metafile: {
    inputs: { ...whole.metafile.inputs, ...status.metafile.inputs },
    outputs: { ...whole.metafile.outputs, ...status.metafile.outputs },
  },
};

// What each bundle holds, for anyone asking why it is the size it is.
writeFileSync(
  new URL('../dist/bundle/meta.json', import.meta.url),
  JSON.stringify(result.metafile),
);

// Guard: a locale beyond zod's default English in the bundle means the namespace import came back.
const locales = Object.values(result.metafile.outputs)
  .flatMap((output) => Object.entries(output.inputs))
  .filter(
    ([input, use]) => use.bytesInOutput > 0 && /zod\/v4\/locales\/(?!en\.js|index\.js)/.test(input),
  );
if (locales.length > 0) {
  process.stderr.write(
    `bundle-cli: zod's locales were bundled (${locales.length} files): something imports zod's namespace whole\n`,
  );
  process.exitCode = 1;
}

// Guards on what bin/launch runs through vm.Script: a character past ASCII makes V8 keep the whole
// bundle as two bytes a character (see asciiOnly), and such code has no loader for import(): every
// one must have become require().
for (const name of ['launch', 'status', 'signal']) {
  const code = readFileSync(new URL(`../dist/bundle/${name}.cjs`, import.meta.url), 'utf8');
  const wide = /[^\0-\x7f]/u.exec(code);
  if (wide) {
    process.stderr.write(
      `bundle-cli: dist/bundle/${name}.cjs holds ${JSON.stringify(wide[0])} near ${JSON.stringify(code.slice(Math.max(0, wide.index - 40), wide.index + 10))}; escape it in its source\n`,
    );
    process.exitCode = 1;
  }
  if (/\bimport\(/.test(code)) {
    process.stderr.write(
      `bundle-cli: dist/bundle/${name}.cjs still calls import(); it fails there\n`,
    );
    process.exitCode = 1;
  }
}

// Warm the code caches: one `launch status` in a scratch plan dir (never started: its tmux server
// is a private socket that does not exist) through each bundle, with bin/launch told to save the
// cache. status.cjs's is made the way status runs on a live run, which is what it is mostly run on:
// a stand-in watchdog (scripts/warm-status-watchdog.mjs) answers its look at the panes. (A cache
// also holding execa's path, for status on a stopped run, is a third larger and slower to read for
// every status.) launch.cjs's, for every other command, is made without one.
// A failure here costs speed only, so it is reported and the build goes on.
const scratch = mkdtempSync(join(tmpdir(), 'launch-warm-'));
try {
  const launch = fileURLToPath(new URL('../bin/launch', import.meta.url));
  const plan = join(scratch, 'plan');
  // Only what Node and tmux need: no variable of the builder's own runs (LOG_DIR, PLAN_DIR …).
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: scratch,
    XDG_STATE_HOME: join(scratch, 'state'),
    TMUX_TMPDIR: scratch,
    LAUNCH_TMUX_SOCKET: `launch-warm-${process.pid}`,
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
  };
  const options = { env, extendEnv: false, stdio: 'ignore' };
  await execa(launch, ['init', plan], options);
  const warm = (bundle) =>
    execa(launch, ['status', '--plan-dir', plan], {
      ...options,
      env: { ...env, LAUNCH_CODE_CACHE: 'write', LAUNCH_BUNDLE: bundle },
      reject: false,
    });
  await warm('launch');
  const watchdog = execa(
    process.execPath,
    [fileURLToPath(new URL('./warm-status-watchdog.mjs', import.meta.url)), join(plan, '.launch')],
    { env, extendEnv: false, stdin: 'pipe', stdout: 'pipe', stderr: 'ignore', reject: false },
  );
  await new Promise((resolve) => {
    watchdog.stdout.once('data', resolve);
    void watchdog.then(resolve);
  });
  try {
    await warm('status');
  } finally {
    watchdog.stdin.end();
    await watchdog;
  }
} catch (error) {
  process.stderr.write(
    `bundle-cli: the code cache was not warmed (${error.message}); launch runs, slower\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
