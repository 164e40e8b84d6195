// The real clients for `npm run test:clients`: installed (current releases, from the npm registry)
// into a cache folder outside launch's dependencies, reused while fresh. LAUNCH_TEST_CLIENTS_DIR
// points at an existing install instead (its node_modules is used as it is).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import type { RealClient } from '../../src/screen/checked-versions.js';

export const PACKAGES: Readonly<Record<RealClient, string>> = {
  claude: '@anthropic-ai/claude-code',
  codex: '@openai/codex',
  gemini: '@google/gemini-cli',
  opencode: 'opencode-ai',
};

/** The env variable launch reads each client's executable from. */
export const BIN_VARIABLES: Readonly<Record<RealClient, string>> = {
  claude: 'CLAUDE_BIN',
  codex: 'CODEX_BIN',
  gemini: 'GEMINI_BIN',
  opencode: 'OPENCODE_BIN',
};

/** A cached install is reinstalled after a day, so the suite follows new releases. */
const FRESH_MS = 24 * 60 * 60 * 1000;
const STAMP = '.launch-installed';

export interface InstalledClient {
  readonly client: RealClient;
  readonly version: string;
  readonly bin: string;
}

export function clientsDir(env: NodeJS.ProcessEnv = process.env): {
  dir: string;
  given: boolean;
} {
  const given = env.LAUNCH_TEST_CLIENTS_DIR?.trim();
  if (given) return { dir: given, given: true };
  const cache = env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return { dir: join(cache, 'launch-test-clients'), given: false };
}

/** Installs the four clients unless a fresh install is there (or the folder was given). */
export async function ensureClients(): Promise<{ dir: string; installed: boolean }> {
  const { dir, given } = clientsDir();
  if (given) return { dir, installed: false };
  const stamp = join(dir, STAMP);
  const fresh = existsSync(stamp) && Date.now() - statSync(stamp).mtimeMs < FRESH_MS;
  if (fresh) return { dir, installed: false };
  mkdirSync(dir, { recursive: true });
  // --ignore-scripts: no install script of a client runs; the native binaries come from the
  // platform packages (optional dependencies), found below without the postinstall step.
  await execa(
    'npm',
    [
      'install',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefix',
      dir,
      ...Object.values(PACKAGES),
    ],
    { stdio: 'inherit', timeout: 15 * 60_000 },
  );
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return { dir, installed: true };
}

const packageJson = z.object({ version: z.string().min(1) });

function versionOf(dir: string, name: string): string {
  return packageJson.parse(
    JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')),
  ).version;
}

/**
 * The executable to run. Without their postinstall, `claude` and `opencode` in .bin are stubs
 * that print "postinstall did not run"; the real binaries sit in the platform packages.
 */
function binaryOf(dir: string, client: RealClient): string {
  const modules = join(dir, 'node_modules');
  const platform = `${process.platform}-${process.arch}`;
  const candidates: Record<RealClient, string[]> = {
    claude: [join(modules, `@anthropic-ai/claude-code-${platform}`, 'claude')],
    codex: [join(modules, '.bin', 'codex')],
    gemini: [join(modules, '.bin', 'gemini')],
    opencode: [
      join(modules, `opencode-${platform}`, 'bin', 'opencode'),
      join(modules, `opencode-${platform}-baseline`, 'bin', 'opencode'),
    ],
  };
  const found = candidates[client].find((file) => existsSync(file));
  if (!found) throw new Error(`${client}: no executable in ${candidates[client].join(', ')}`);
  return found;
}

export function installedClients(dir: string): InstalledClient[] {
  return (Object.keys(PACKAGES) as RealClient[]).map((client) => ({
    client,
    version: versionOf(dir, PACKAGES[client]),
    bin: binaryOf(dir, client),
  }));
}
