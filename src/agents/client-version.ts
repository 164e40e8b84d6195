// `launch doctor`'s check of the installed client's version against the newest one whose screens
// this launch was checked on (src/screen/checked-versions.ts): a newer client may draw screens no
// dialect knows yet, which then read as `unrecognised`.
import { execa } from 'execa';
import type { Settings } from '../config/fields.js';
import { which } from '../util/which.js';
import {
  CHECKED_VERSIONS,
  parseClientVersion,
  uncheckedVersionWarning,
} from '../screen/checked-versions.js';
import { backendFor } from './registry.js';
import type { Check } from './preflight.js';

/** Gemini CLI 0.61 takes ~10 s to print its version on a busy 2-core machine. */
export const VERSION_TIMEOUT_MS = 20_000;

export interface ClientVersionContext {
  readonly settings: Settings;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export type ClientVersion =
  /** sim, or the client's binary is not found: nothing to ask. */
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly binary: string; readonly timedOut: boolean }
  | { readonly kind: 'found'; readonly binary: string; readonly version: string };

/** `<client> --version`, parsed to x.y.z (the watchdog names it when a screen is unrecognised). */
export async function readClientVersion(context: ClientVersionContext): Promise<ClientVersion> {
  const { settings } = context;
  if (settings.backend === 'sim') return { kind: 'none' };
  const binary = which(backendFor(settings.backend).binary(settings), context.env, context.cwd);
  if (binary === null) return { kind: 'none' };
  const result = await execa(binary, ['--version'], {
    reject: false,
    timeout: VERSION_TIMEOUT_MS,
    stdin: 'ignore',
    env: { ...context.env },
    extendEnv: false,
    cwd: context.cwd,
  }).catch(() => null);
  const output = result ? `${String(result.stdout)}\n${String(result.stderr)}` : '';
  const version = result && result.exitCode === 0 ? parseClientVersion(output) : null;
  return version === null
    ? { kind: 'unknown', binary, timedOut: result?.timedOut === true }
    : { kind: 'found', binary, version };
}

/** One line for the installed client's version, or none (sim, or a binary not found). */
export async function checkClientVersion(context: ClientVersionContext): Promise<Check[]> {
  const client = context.settings.backend;
  if (client === 'sim') return [];
  const read = await readClientVersion(context);
  if (read.kind === 'none') return [];
  const binary = read.binary;
  if (read.kind === 'unknown') {
    const why = read.timedOut ? `no answer in ${VERSION_TIMEOUT_MS / 1000} s` : 'no version';
    return [
      {
        status: 'warn',
        label: `${client} --version: ${why}`,
        fix: `check that \`${binary} --version\` works; screens were checked up to ${client} ${CHECKED_VERSIONS[client]}`,
      },
    ];
  }
  const version = read.version;
  const warning = uncheckedVersionWarning(client, version);
  if (warning)
    return [
      {
        status: 'warn',
        // The version is digits and dots (parsed), so nothing from the client's output is shown raw.
        label: warning,
        fix: 'launch reads its screens as best it can; report an `unrecognised` session with `launch classify`',
      },
    ];
  return [
    {
      status: 'ok',
      label: `${client} ${version} (screens checked up to ${CHECKED_VERSIONS[client]})`,
    },
  ];
}
