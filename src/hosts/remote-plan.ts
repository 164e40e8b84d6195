// Reads a command line for a host: `launch status b:shop`, `launch logs b:shop:builder -f`,
// `launch --host me@box events -f`. Pure: says which host and which argv to run there (the same
// command, the host part taken off, the run given as --run), or that the command stays local.
import { err, ok, type Result } from '../util/result.js';

/** Commands that run on another host as they are. */
export const REMOTE_COMMANDS = ['ls', 'status', 'stop', 'logs', 'events'] as const;
type RemoteCommand = (typeof REMOTE_COMMANDS)[number];

export const HOST_FLAG = '--host';

/** Flags (of launch and of the remote commands) whose value is the next word. */
const VALUE_FLAGS = new Set([
  '--plan-dir',
  '--log-dir',
  '--builder-dir',
  '--adv-dir',
  '--backend',
  '--socket',
  '--prefix',
  '--run',
  HOST_FLAG,
  '-n',
  '--lines',
  '--since',
  '--session',
  '--systemd-main-pid',
]);

/** Whether `flag` (a word of a command line) takes the next word as its value. */
export const flagTakesValue = (flag: string): boolean => VALUE_FLAGS.has(flag);

export interface RemotePlan {
  /** A configured host name, or a destination for ssh. */
  readonly host: string;
  /** What runs there after the remote `launch`. */
  readonly args: readonly string[];
  /** A follow (`-f`): runs with a remote terminal so ending it here ends it there. */
  readonly follow: boolean;
}

/** Cheap test, before anything is loaded: could this command line name a host at all? */
export function mayNameHost(argv: readonly string[]): boolean {
  return argv.some(
    (word) =>
      word === HOST_FLAG ||
      word.startsWith(`${HOST_FLAG}=`) ||
      (!word.startsWith('-') && word.includes(':')),
  );
}

function isRemoteCommand(word: string): word is RemoteCommand {
  return (REMOTE_COMMANDS as readonly string[]).includes(word);
}

interface Scan {
  readonly hosts: string[];
  /** argv without the --host flags, and the index of the command and of each positional in it. */
  readonly words: string[];
  readonly command: number | null;
  readonly positionals: number[];
}

function scan(argv: readonly string[]): Result<Scan, string> {
  const hosts: string[] = [];
  const words: string[] = [];
  let command: number | null = null;
  const positionals: number[] = [];
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--') {
      // Everything after is positional (and passed on as such).
      words.push(word);
      for (const rest of argv.slice(index + 1)) {
        words.push(rest);
        if (command === null) command = words.length - 1;
        else positionals.push(words.length - 1);
      }
      break;
    }
    if (word === HOST_FLAG) {
      const value = argv[index + 1];
      if (value === undefined)
        return err(
          `${HOST_FLAG} needs a host (user@box, an ssh_config alias or a name from "hosts")`,
        );
      hosts.push(value);
      index++;
      continue;
    }
    if (word.startsWith(`${HOST_FLAG}=`)) {
      hosts.push(word.slice(HOST_FLAG.length + 1));
      continue;
    }
    words.push(word);
    if (word.startsWith('-')) {
      if (VALUE_FLAGS.has(word) && index + 1 < argv.length) words.push(argv[++index] ?? '');
      continue;
    }
    if (command === null) command = words.length - 1;
    else positionals.push(words.length - 1);
  }
  return ok({ hosts, words, command, positionals });
}

const isFollow = (words: readonly string[]): boolean =>
  words.some((word) => word === '-f' || word === '--follow' || /^-[a-z]*f[a-z]*$/.test(word));

/**
 * The plan for `argv`, null when it stays on this machine (no host named, or `ls --all-hosts`,
 * which reaches every host itself). A host where it cannot go is a one-line error (exit 2).
 */
export function planRemote(argv: readonly string[]): Result<RemotePlan | null, string> {
  const scanned = scan(argv);
  if (!scanned.ok) return scanned;
  const { hosts, words, command, positionals } = scanned.value;
  const name = command === null ? null : (words[command] ?? null);
  if (name === 'ls' && words.includes('--all-hosts')) return ok(null);
  if (name === null || !isRemoteCommand(name)) {
    if (hosts.length === 0) return ok(null);
    return err(
      `${HOST_FLAG} works with ${REMOTE_COMMANDS.join(', ')}${name === null ? '' : `, not ${name}`}`,
    );
  }
  if (hosts.length > 1)
    return err(`give one ${HOST_FLAG} for ${name} (\`launch ls --all-hosts\` lists every host)`);

  // The run (or session) named with a host in it: `b:shop`, `b:shop:builder`.
  const targetAt = positionals[0];
  const target = targetAt === undefined ? null : (words[targetAt] ?? null);
  let host = hosts[0] ?? null;
  let replacement: string[] | null = null;
  if (target !== null && targetAt !== undefined) {
    const parts = target.split(':');
    const roleRef = name === 'logs';
    const maxParts = roleRef ? 3 : 2;
    if (parts.length > maxParts)
      return err(
        roleRef
          ? `a session is named as role, run:role or host:run:role, got ${JSON.stringify(target)}`
          : `a run is named as run or host:run, got ${JSON.stringify(target)}`,
      );
    const named = parts.length === maxParts ? (parts[0] ?? '') : null;
    if (named !== null) {
      if (named === '') return err(`no host before ":" in ${JSON.stringify(target)}`);
      if (host !== null && host !== named)
        return err(`two hosts named: ${HOST_FLAG} ${host} and ${JSON.stringify(target)}; give one`);
      host = named;
    }
    const rest = named === null ? parts : parts.slice(1);
    if (rest.some((part) => part === '')) return err(`an empty name in ${JSON.stringify(target)}`);
    if (roleRef) {
      // [run, role] or [role]
      replacement = rest.length === 2 ? [`--run=${rest[0] ?? ''}`, rest[1] ?? ''] : [rest[0] ?? ''];
    } else {
      replacement = [`--run=${rest[0] ?? ''}`];
    }
  }
  if (host === null) return ok(null);
  if (name === 'status' && words.some((word) => word === '-w' || word === '--watch'))
    return err(
      "status -w redraws this machine's screen; for other hosts use `launch ls --all-hosts --watch` or `launch events -f host:run`",
    );
  const args =
    targetAt === undefined || replacement === null
      ? words
      : [...words.slice(0, targetAt), ...replacement, ...words.slice(targetAt + 1)];
  return ok({ host, args, follow: (name === 'logs' || name === 'events') && isFollow(words) });
}
