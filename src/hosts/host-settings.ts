// The settings reaching other hosts needs, read the way every command reads settings (config file
// of the plan dir here, if any < environment): the configured hosts and the ssh options, with the
// ControlMaster sockets in this plan dir's log dir, else in the machine's state dir.
import { join } from 'node:path';
import { loadSettings } from '../config/resolve.js';
import { launchStateDir } from '../fleet/state-dir.js';
import { isPlanDir } from '../cli/context.js';
import { ok, type Result } from '../util/result.js';
import type { HostEntry } from './host-spec.js';
import type { SshOptions } from './ssh-argv.js';

export interface HostSettings {
  readonly hosts: readonly HostEntry[];
  readonly ssh: SshOptions;
  /** How long one host may take to answer a listing: the connect timeout plus time to run. */
  readonly answerTimeoutMs: number;
}

/** Seconds a host has, once connected, to run `launch ls --json` and answer. */
export const ANSWER_GRACE_SECONDS = 10;

export function loadHostSettings(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Result<HostSettings, string[]> {
  const loaded = loadSettings({ cwd, env, usePersisted: false });
  if (!loaded.ok) return loaded;
  const settings = loaded.value.settings;
  const base = isPlanDir(settings) ? settings.logDir : launchStateDir(env);
  return ok({
    hosts: settings.hosts,
    ssh: {
      connectTimeout: settings.sshConnectTimeout,
      controlDir: join(base, 'ssh'),
      configFile: settings.sshConfig,
    },
    answerTimeoutMs: (settings.sshConnectTimeout + ANSWER_GRACE_SECONDS) * 1000,
  });
}
