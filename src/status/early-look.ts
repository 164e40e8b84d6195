// `launch status`'s first act: ask the run's live watchdog for its look at the panes before the rest
// of the CLI loads, so the watchdog looks (on the other core) while status builds its schemas and
// reads the run's files. The log dir is guessed from the flags, the environment and the config file
// the way the settings will resolve it; the answer is used only when the settings agree
// (watchdog-ask.ts takeEarlyAsk), so a wrong guess costs a question, never a wrong status.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../config/config-file-name.js';
import { flagTakesValue } from '../hosts/remote-plan.js';
import { askEarly } from './watchdog-ask.js';

/**
 * The log dir `args` (what follows `status`) will resolve to, or null when it cannot be told
 * cheaply: a run named by name or host (its log dir is in the registry), a config file that is
 * not plain JSON.
 */
export function guessLogDir(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string | null {
  const flags = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const word = args[index] ?? '';
    if (word === '--') return index + 1 < args.length ? null : guessFrom(flags, env, cwd);
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = equals > 0 ? word.slice(0, equals) : word;
    if (flagTakesValue(name)) {
      const value = equals > 0 ? word.slice(equals + 1) : args[++index];
      if (value === undefined) return null;
      flags.set(name, value);
    } else if (!word.startsWith('-')) return null;
  }
  return guessFrom(flags, env, cwd);
}

function guessFrom(
  flags: ReadonlyMap<string, string>,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string | null {
  if (flags.has('--run') || flags.has('--host')) return null;
  // The settings' order: flags, then the environment (an empty variable is unset), then the file.
  const logDir = flags.get('--log-dir') ?? (env.LOG_DIR || undefined);
  if (logDir !== undefined) return resolve(cwd, logDir);
  const planDir = resolve(cwd, flags.get('--plan-dir') ?? (env.PLAN_DIR || '.'));
  let text: string;
  try {
    text = readFileSync(join(planDir, CONFIG_FILE_NAME), 'utf8');
  } catch {
    return join(planDir, '.launch');
  }
  if (!text.includes('"logDir"')) return join(planDir, '.launch');
  try {
    const parsed = JSON.parse(text) as { logDir?: unknown };
    return typeof parsed.logDir === 'string' ? resolve(planDir, parsed.logDir) : null;
  } catch {
    return null;
  }
}

/**
 * Asks the watchdog of `logDir` (the guess above) for its look at the panes, and resolves once the
 * question is out. Node.js connects a socket and writes to it only when the event loop turns, which
 * the CLI's loading would hold off until status waits for the answer: one turn here (a fraction of
 * a millisecond) sends it now.
 */
export async function startEarlyLook(logDir: string): Promise<void> {
  askEarly(logDir);
  await new Promise((resolve) => setImmediate(resolve));
}
