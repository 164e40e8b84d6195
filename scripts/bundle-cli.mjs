// Bundles the CLI into dist/bundle/ (run by `npm run build` after tsc): one ES module per entry
// (launch.js, the whole CLI; signal.js, the client hook's fast path) plus shared chunks, so Node
// reads and compiles a few files instead of hundreds. Each command stays a dynamic import, and
// esbuild's code splitting keeps it a chunk of its own: `launch status` loads the status chunk
// and what it imports, not the demo, the watchdog or the HTTP server.
//
// dist/bundle/ sits two levels under the package root like dist/<dir>/ does, so
// src/util/package-root.ts finds bin/, prompts/, web/ … from a chunk exactly as from tsc's output.
import { rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

// Packages left to Node's own loader:
// - pino and pino-pretty (the watchdog's logger): pino finds its helpers and workers by file path,
//   which a bundle would move. Only `launch watchdog` and `launch logs` load them.
// - CommonJS packages the code imports dynamically (`await import('shell-quote')`): in a split
//   bundle esbuild hands such an import only a `default` export, where Node gives the named ones
//   too (`const { quote } = await import(…)` would get undefined). The check at the end finds any
//   new one.
const EXTERNAL = ['pino', 'pino-pretty', 'shell-quote'];

/**
 * `import { z } from 'zod'` hands esbuild zod's whole namespace object (every locale, the JSON
 * Schema converters: 750 kB); `import * as z` lets it keep only the members the code uses
 * (about 170 kB). Same bindings, same behaviour; done here so every source file keeps the usual
 * spelling and a new file cannot undo it.
 */
const zodNamespace = {
  name: 'zod-namespace',
  setup(plugin) {
    plugin.onLoad({ filter: /[/\\]src[/\\].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return {
        contents: source.replace(/^import \{ z \} from 'zod';$/gm, "import * as z from 'zod';"),
        loader: 'ts',
      };
    });
  },
};

rmSync(new URL('../dist/bundle/', import.meta.url), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    launch: 'src/cli/main.ts',
    signal: 'src/cli/commands/signal.ts',
  },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages' ES module builds (jsonc-parser, luxon): smaller once unused exports are dropped.
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  // Bundled CommonJS (commander, simple-git) calls require() for Node's own modules.
  banner: {
    js: "import { createRequire as __launchRequire } from 'node:module'; const require = __launchRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [zodNamespace],
});

// What each chunk holds, for `npm run bench` and anyone asking why a command loads what it loads.
writeFileSync(
  new URL('../dist/bundle/meta.json', import.meta.url),
  JSON.stringify(result.metafile),
);

// Guard: a locale beyond zod's default English in the bundle means the namespace import came back.
const locales = Object.values(result.metafile.outputs)
  .flatMap((output) => Object.entries(output.inputs))
  .filter(([input, use]) => use.bytesInOutput > 0 && /zod\/v4\/locales\/(?!en\.js)/.test(input));
if (locales.length > 0) {
  process.stderr.write(
    `bundle-cli: zod's locales were bundled (${locales.length} files): something imports zod's namespace whole\n`,
  );
  process.exitCode = 1;
}

// Guard: a CommonJS package imported dynamically and bundled: its chunk exports only `default`.
const cjsImports = Object.values(result.metafile.outputs)
  .filter((output) => output.entryPoint?.includes('node_modules/'))
  .filter((output) => output.exports.length === 1 && output.exports[0] === 'default')
  .map((output) => output.entryPoint);
if (cjsImports.length > 0) {
  process.stderr.write(
    `bundle-cli: CommonJS packages imported with import(): ${cjsImports.join(', ')}; add them to EXTERNAL in scripts/bundle-cli.mjs\n`,
  );
  process.exitCode = 1;
}
