// The argv `ssh` is run with to reach a host: batch mode (never a password prompt), a connect
// timeout, one shared connection per host (ControlMaster), and the remote command as the one
// string ssh hands to the remote shell, each word quoted so no run name or flag is ever code there.
import { nodeCrypto } from '../util/node-crypto.js';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ShellQuote from 'shell-quote';
import { err, ok, type Result } from '../util/result.js';
import type { Host } from './host-spec.js';

let shellQuote: typeof ShellQuote | null = null;
function quoteWords(words: readonly string[]): string {
  shellQuote ??= createRequire(import.meta.url)('shell-quote') as typeof ShellQuote;
  return shellQuote.quote([...words]);
}

/** Seconds a shared connection outlives its last use, so a fleet view refreshes on one login. */
export const CONTROL_PERSIST_SECONDS = 60;

/**
 * A unix socket path must fit in sun_path (104 bytes on BSD/macOS, 108 on Linux), and ssh first
 * binds `<ControlPath>.<16 random chars>` before renaming it: keep ours under 104 - 17.
 */
const MAX_CONTROL_PATH = 104 - 17 - 1;

export interface SshOptions {
  /** ssh's ConnectTimeout, seconds. */
  readonly connectTimeout: number;
  /** Folder for the ControlMaster sockets (the log dir, else the state dir). */
  readonly controlDir: string;
  /** `ssh -F <file>` instead of ~/.ssh/config (null: ssh's own default). */
  readonly configFile: string | null;
  /** uid for the fallback socket folder when controlDir is too deep (tests inject it). */
  readonly uid?: number;
}

/** A short name for a host's socket: the same destination and config reuse one connection. */
function socketName(host: Host, configFile: string | null): string {
  const hash = nodeCrypto()
    .createHash('sha256')
    .update(`${host.ssh}\u0000${configFile ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return `ssh-${hash}`;
}

/** Where a host's ControlMaster socket lives: in controlDir, else (too long a path) under /tmp. */
export function controlPath(host: Host, options: SshOptions): string {
  const name = socketName(host, options.configFile);
  const wanted = join(options.controlDir, name);
  if (Buffer.byteLength(wanted) <= MAX_CONTROL_PATH) return wanted;
  const uid = options.uid ?? process.getuid?.() ?? 0;
  return join(tmpdir(), `launch-ssh-${uid}`, name);
}

/** The remote command string: every word quoted for a POSIX shell; control characters refused. */
export function remoteCommand(words: readonly string[]): Result<string, string> {
  const bad = words.find((word) => /[\u0000-\u001f\u007f]/.test(word));
  if (bad !== undefined)
    return err(`a remote argument cannot contain control characters, got ${JSON.stringify(bad)}`);
  return ok(quoteWords(words));
}

export interface SshInvocation {
  /** `ssh` and its arguments, for execa (no shell). */
  readonly file: string;
  readonly args: readonly string[];
  readonly controlPath: string;
}

/**
 * `ssh [-F cfg] -o BatchMode=yes ... [-tt] -- <destination> <remote command>`. `-tt` (a remote
 * terminal) for follows: when the connection closes the remote `launch` gets SIGHUP and ends,
 * instead of following a log for nobody.
 */
export function sshInvocation(
  host: Host,
  remoteArgs: readonly string[],
  options: SshOptions & { readonly terminal?: boolean },
): Result<SshInvocation, string> {
  const command = remoteCommand([...host.launch, ...remoteArgs]);
  if (!command.ok) return command;
  const socket = controlPath(host, options);
  const args = [
    ...(options.configFile === null ? [] : ['-F', options.configFile]),
    '-o',
    'BatchMode=yes',
    // Errors only: no "Connection to x closed." after a follow, no banner noise in the output.
    '-o',
    'LogLevel=ERROR',
    '-o',
    `ConnectTimeout=${Math.max(1, Math.ceil(options.connectTimeout))}`,
    '-o',
    'ControlMaster=auto',
    '-o',
    // ssh expands %-tokens in ControlPath: a literal % in the folder must be doubled.
    `ControlPath=${socket.replace(/%/g, '%%')}`,
    '-o',
    `ControlPersist=${CONTROL_PERSIST_SECONDS}`,
    // A dead host is noticed by the shared connection too, not only by new ones.
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=2',
    ...(options.terminal ? ['-tt'] : ['-T']),
    '--',
    host.ssh,
    command.value,
  ];
  return ok({ file: 'ssh', args, controlPath: socket });
}
