// Where machine-wide launch state lives (the run registry, shared account windows): $XDG_STATE_HOME/launch.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * `$XDG_STATE_HOME/launch`, else `~/.local/state/launch`. A relative XDG_STATE_HOME is ignored,
 * as the XDG Base Directory specification says, so a run started from another folder finds the
 * same registry.
 */
export function launchStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME ?? homedir(), '.local', 'state');
  return join(base, 'launch');
}
