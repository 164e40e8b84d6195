// The shared account windows on disk: one small JSON file per account under
// <state-dir>/accounts/, read by every watchdog's observer and changed under a per-account lock.
//
// Why a lock file and not write-rename alone: the rename makes every read whole, but two watchdogs
// changing the same window at once (both parking a session) would each write their own copy and one
// change would be lost. The lock (`<file>.lock`, created exclusively, holding the writer's pid)
// serialises the read-change-write, which is a few milliseconds of synchronous work; a lock whose
// pid is gone (a watchdog killed mid-write) is taken over, and one held longer than LOCK_STALE_MS is
// presumed abandoned by a reused pid. The write itself is still temp + rename, so a reader without
// the lock never sees half a file.
import { nodeCrypto } from '../util/node-crypto.js';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { err, ok, type Result } from '../util/result.js';
import {
  accountWindowSchema,
  applyAccountChange,
  type AccountChange,
  type AccountWindow,
  type Holder,
} from './account-window.js';

export const ACCOUNTS_DIR = 'accounts';
const LOCK_WAIT_MS = 3_000;
const LOCK_STALE_MS = 10_000;

export function accountsDir(stateDir: string): string {
  return join(stateDir, ACCOUNTS_DIR);
}

/** A file name for an account key: readable tail + a hash (keys hold slashes and colons). */
export function accountFile(stateDir: string, key: string): string {
  const readable = key
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(-40);
  const hash = nodeCrypto().createHash('sha1').update(key).digest('hex').slice(0, 12);
  return join(accountsDir(stateDir), `${readable}-${hash}.json`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type AccountRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'window'; readonly window: AccountWindow }
  /** The file was not a window: moved aside (never deleted), read as no window. */
  | {
      readonly kind: 'moved-aside';
      readonly file: string;
      readonly to: string;
      readonly reason: string;
    };

function problemOf(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const parsed = accountWindowSchema.safeParse(json);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`;
}

/** Reads one account's window; a damaged file is moved aside beside it (`.bad-<time>`). */
export function readAccountFile(file: string, now: number = Date.now()): AccountRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  const problem = problemOf(text);
  if (problem === null) {
    return { kind: 'window', window: accountWindowSchema.parse(JSON.parse(text)) };
  }
  const to = `${file}.bad-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(file, to);
  } catch {
    // Another reader moved it first (or the folder is read-only): it is no window either way.
  }
  return { kind: 'moved-aside', file, to, reason: problem };
}

/** Sleeps synchronously (the lock is held for milliseconds; a tick can wait that long). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function lockHolderGone(lock: string, now: number): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) return true;
    return now - statSync(lock).mtimeMs > LOCK_STALE_MS;
  } catch {
    // Unreadable or just released: try again.
    return false;
  }
}

/** Runs `work` holding the account's lock; the lock of a dead writer is taken over. */
export function withAccountLock<T>(file: string, work: () => T): Result<T, string> {
  const lock = `${file}.lock`;
  mkdirSync(join(file, '..'), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST')
        return err(`cannot lock ${lock}: ${(cause as Error).message}`);
      if (lockHolderGone(lock, Date.now())) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) return err(`${lock} is held by another watchdog`);
      pause(5);
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      return ok(work());
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

export interface AccountUpdate {
  readonly window: AccountWindow | null;
  /** The file was garbage and moved aside before the change was applied. */
  readonly movedAside: Extract<AccountRead, { kind: 'moved-aside' }> | null;
}

/** Applies one session's change to its account's window, under the lock, and writes it back. */
export function updateAccountWindow(
  stateDir: string,
  account: { readonly key: string; readonly label: string },
  change: AccountChange,
  who: Holder,
  now: number,
): Result<AccountUpdate, string> {
  const file = accountFile(stateDir, account.key);
  try {
    return withAccountLock(file, () => {
      const read = readAccountFile(file, now);
      const current = read.kind === 'window' ? read.window : null;
      const next = applyAccountChange(current, change, who, now, account, isAlive);
      if (next === null) rmSync(file, { force: true });
      else if (next !== current) writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
      return { window: next, movedAside: read.kind === 'moved-aside' ? read : null };
    });
  } catch (cause) {
    return err(`cannot write ${file}: ${(cause as Error).message}`);
  }
}

export interface AccountWindowListing {
  readonly file: string;
  readonly window: AccountWindow;
  /** Distinct runs with a session parked (or not yet resumed), the probe owner's run excluded. */
  readonly parkedRuns: number;
  /** The probe owner's watchdog is alive. */
  readonly ownerAlive: boolean;
}

/** Every account window on the machine (for `launch ls` and `status`); damaged files moved aside. */
export function listAccountWindows(
  stateDir: string,
  now: number = Date.now(),
): AccountWindowListing[] {
  const dir = accountsDir(stateDir);
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const listing: AccountWindowListing[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
    const file = join(dir, name);
    const read = readAccountFile(file, now);
    if (read.kind === 'window') listing.push(listingOf(file, read.window));
  }
  return listing;
}

/** One account's window as listed, or null when it has none (a damaged file is moved aside). */
export function readAccountListing(
  stateDir: string,
  key: string,
  now: number = Date.now(),
): AccountWindowListing | null {
  const file = accountFile(stateDir, key);
  const read = readAccountFile(file, now);
  return read.kind === 'window' ? listingOf(file, read.window) : null;
}

function listingOf(file: string, window: AccountWindow): AccountWindowListing {
  const waiting = [
    ...window.parked.filter((entry) => isAlive(entry.pid)),
    ...window.resume.filter((entry) => !entry.done && isAlive(entry.pid)),
  ].filter((entry) => entry.run !== window.probe.owner.run);
  return {
    file,
    window,
    parkedRuns: new Set(waiting.map((entry) => entry.run)).size,
    ownerAlive: isAlive(window.probe.owner.pid),
  };
}

function clock(iso: string, zone: string | undefined): string {
  const date = new Date(iso);
  // 'system' is luxon's name for the machine's zone, which toLocaleTimeString uses by default.
  return zone && zone !== 'system'
    ? date.toLocaleTimeString('en-GB', { timeZone: zone, hour12: false })
    : date.toLocaleTimeString('en-GB', { hour12: false });
}

/** One line for people: `account claude:~/.claude: limited until 15:00:45 by shop:builder (2 runs parked)`. */
export function describeAccountWindow(listing: AccountWindowListing, zone?: string): string {
  const { window } = listing;
  const runs = `${listing.parkedRuns} run${listing.parkedRuns === 1 ? '' : 's'} parked`;
  const owner = `${window.probe.owner.name}:${window.probe.owner.role}`;
  if (window.state === 'limited') {
    const probes = window.probe.probes > 0 ? `, ${window.probe.probes} probe(s) sent` : '';
    return `account ${window.label}: limited until ${clock(window.until, zone)} by ${owner}${probes} (${runs})`;
  }
  const left = window.resume.filter((entry) => !entry.done);
  const next = left[0];
  return `account ${window.label}: lifted at ${clock(window.liftedAt ?? window.updatedAt, zone)}; ${left.length} session(s) resuming${next ? `, next at ${clock(next.at, zone)}` : ''}`;
}
