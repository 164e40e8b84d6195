// Which account a session spends: its backend plus the client's account folder (or an account key set
// in the config). Sessions with the same identity share one usage-limit window across the machine.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Backend } from '../config/fields.js';

export interface AccountIdentity {
  /** Machine-unique: `claude:/home/me/.claude`, or `claude/work` for a key set in the config. */
  readonly key: string;
  /** For people: the home folder written `~` (`claude:~/.claude`). */
  readonly label: string;
}

/** An account key in the config: a short name, no slashes or spaces (it names a file). */
export const ACCOUNT_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;
export const ACCOUNT_KEY_EXPECTS =
  'a short name of letters, digits, ".", "_", "@", "+" and "-" (at most 64, starting with a letter or digit)';

export interface IdentityInput {
  readonly backend: Backend;
  /** The environment the client runs with (the watchdog's own: sessions inherit it). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** An explicit account key (config `account` / LAUNCH_ACCOUNT); wins over the folder. */
  readonly account: string | null;
  /** The run's log dir: a sim session without an account key is an account of its own. */
  readonly logDir: string;
  readonly role: string;
}

/** An absolute folder from an environment variable; relative or blank values are not trusted. */
function envFolder(value: string | undefined): string | null {
  const text = value?.trim();
  return text && isAbsolute(text) ? resolve(text) : null;
}

/**
 * The client's own account folder, as each client finds it (checked against the clients' code):
 * Claude Code `CLAUDE_CONFIG_DIR` else `~/.claude`; Codex `CODEX_HOME` else `~/.codex`; Gemini CLI
 * `$GEMINI_CLI_HOME/.gemini` else `~/.gemini`; opencode its data dir (`auth.json` lives there),
 * `$XDG_DATA_HOME/opencode` else `~/.local/share/opencode`.
 */
export function accountFolder(backend: Exclude<Backend, 'sim'>, env: IdentityInput['env']): string {
  const home = envFolder(env.HOME) ?? homedir();
  switch (backend) {
    case 'claude':
      return envFolder(env.CLAUDE_CONFIG_DIR) ?? join(home, '.claude');
    case 'codex':
      return envFolder(env.CODEX_HOME) ?? join(home, '.codex');
    case 'gemini':
      return join(envFolder(env.GEMINI_CLI_HOME) ?? home, '.gemini');
    case 'opencode':
      return join(envFolder(env.XDG_DATA_HOME) ?? join(home, '.local', 'share'), 'opencode');
  }
}

function tilde(path: string, env: IdentityInput['env']): string {
  const home = envFolder(env.HOME) ?? homedir();
  if (path === home) return '~';
  return path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/**
 * The account of one session. Pure: everything it reads is passed in. A sim session without an
 * account key is an account of its own (the simulated agent has no account folder), so only runs
 * told to share (`account` in the config) share.
 */
export function accountIdentity(input: IdentityInput): AccountIdentity {
  if (input.account !== null) {
    const key = `${input.backend}/${input.account}`;
    return { key, label: key };
  }
  if (input.backend === 'sim') {
    const key = `sim:${input.logDir}#${input.role}`;
    return { key, label: key };
  }
  const folder = accountFolder(input.backend, input.env);
  return {
    key: `${input.backend}:${folder}`,
    label: `${input.backend}:${tilde(folder, input.env)}`,
  };
}
