// The machine's registry of runs: one JSON file per run, <state-dir>/runs/<name>.json, written by
// `launch start`, read by `launch ls` and every command given a run name. One file per run (not one
// index) so two starts in two plan dirs never read-modify-write the same file, a damaged file costs
// one entry, and forgetting a run is one unlink. Entries are checked by zod on read; a garbage file
// is moved aside (`.bad-<time>`) and the runs it may have named are rebuilt from the live watchdogs.
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { RUN_SETTINGS_FILE } from '../config/resolve.js';
import { err, ok, type Result } from '../util/result.js';
import { RUN_NAME } from './run-ref.js';

export const RUNS_DIR = 'runs';
/** A copy of the entry in the run's own log dir: how a rebuild gets the name back (a --name too). */
export const ENTRY_MIRROR_FILE = 'registry-entry.json';

export const runEntrySchema = z.object({
  name: z.string().regex(RUN_NAME),
  planDir: z.string().min(1),
  logDir: z.string().min(1),
  socket: z.string().nullable(),
  sessionPrefix: z.string().min(1),
  /** When `launch start` registered it (ISO). */
  startedAt: z.string(),
  /** The supervising `launch watchdog --respawn` process `launch start` left (null: not known). */
  watchdogPid: z.number().int().positive().nullable(),
});
export type RunEntry = z.infer<typeof runEntrySchema>;
export type RunToRegister = Omit<RunEntry, 'name'>;

export const runsDir = (stateDir: string): string => join(stateDir, RUNS_DIR);
export const entryPath = (stateDir: string, name: string): string =>
  join(runsDir(stateDir), `${name}.json`);

/** What reading found: the entries, and one line per repair made (said once to the person). */
export interface RegistryRead {
  readonly entries: readonly RunEntry[];
  readonly notes: readonly string[];
}

/** A live watchdog found on the machine, with the entry it would have (the rebuild's source). */
export type FindLiveRuns = () => readonly RunToRegister[];

function parseEntry(text: string): RunEntry | null {
  try {
    const parsed = runEntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The run this log dir was last registered as, from its mirror (null: none or unreadable). */
export function readEntryMirror(logDir: string): RunEntry | null {
  try {
    const entry = parseEntry(readFileSync(join(logDir, ENTRY_MIRROR_FILE), 'utf8'));
    return entry !== null && entry.logDir === logDir ? entry : null;
  } catch {
    return null;
  }
}

/** The log dir still holds the run (it was not deleted with its plan dir). */
function stillThere(entry: RunEntry): boolean {
  if (!existsSync(join(entry.logDir, RUN_SETTINGS_FILE))) return false;
  // Registered again under another name since (a `--name`): this entry is the old one.
  const mirror = readEntryMirror(entry.logDir);
  return mirror === null || mirror.name === entry.name;
}

const stamp = (now: Date): string => now.toISOString().replace(/[:.]/g, '-');

/**
 * Every registered run, by name. Garbage files are moved aside (and, when `findLive` is given, the
 * live runs missing from the registry are registered again); entries whose log dir is gone are
 * removed. Never throws for what is on disk: an unreadable folder is an empty registry.
 */
export function readRegistry(
  stateDir: string,
  options: { readonly now: Date; readonly findLive?: FindLiveRuns },
): RegistryRead {
  const dir = runsDir(stateDir);
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json') && !file.startsWith('.'));
  } catch {
    return { entries: [], notes: [] };
  }
  const entries: RunEntry[] = [];
  const notes: string[] = [];
  const aside: string[] = [];
  /** Runs a damaged file still names (by a log dir whose own copy of the entry is intact). */
  const salvaged: RunToRegister[] = [];
  for (const file of files.sort()) {
    const path = join(dir, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // removed meanwhile (another command pruned it)
    }
    const entry = parseEntry(text);
    if (entry === null || `${entry.name}.json` !== file) {
      const moved = `${path}.bad-${stamp(options.now)}`;
      try {
        renameSync(path, moved);
        aside.push(`${file} → ${basename(moved)}`);
        salvaged.push(...salvage(text));
      } catch {
        // another reader moved it first
      }
      continue;
    }
    if (!stillThere(entry)) {
      rmSync(path, { force: true });
      continue;
    }
    entries.push(entry);
  }
  if (aside.length > 0) {
    const live = options.findLive ? options.findLive() : [];
    const rebuilt = rebuild(stateDir, entries, [...live, ...salvaged]);
    entries.push(...rebuilt);
    notes.push(
      `registry: ${aside.length === 1 ? 'a run entry was' : `${aside.length} run entries were`} not readable and moved aside in ${dir} (${aside.join(', ')}); ` +
        (rebuilt.length > 0
          ? `rebuilt from the live watchdogs and the runs' log dirs: ${rebuilt.map((entry) => entry.name).join(', ')}`
          : 'no live watchdog or log dir named in it was missing from the registry'),
    );
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries, notes };
}

/**
 * The run a damaged file may still name: a `"logDir": "…"` that survived (a cut or hand-edited
 * file), whose log dir still holds the run and its own copy of the entry.
 */
function salvage(text: string): RunToRegister[] {
  const match = /"logDir"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(text);
  if (!match?.[1]) return [];
  let logDir: unknown;
  try {
    logDir = JSON.parse(match[1]);
  } catch {
    return [];
  }
  if (typeof logDir !== 'string') return [];
  const mirror = readEntryMirror(logDir);
  if (mirror === null || !stillThere(mirror)) return [];
  return [
    {
      planDir: mirror.planDir,
      logDir: mirror.logDir,
      socket: mirror.socket,
      sessionPrefix: mirror.sessionPrefix,
      startedAt: mirror.startedAt,
      watchdogPid: mirror.watchdogPid,
    },
  ];
}

/** Registers each live run the registry lacks; returns the entries written. */
function rebuild(
  stateDir: string,
  known: readonly RunEntry[],
  live: readonly RunToRegister[],
): RunEntry[] {
  const written: RunEntry[] = [];
  for (const run of live) {
    if ([...known, ...written].some((entry) => entry.logDir === run.logDir)) continue;
    const mirror = readEntryMirror(run.logDir);
    const result = writeEntry(stateDir, [...known, ...written], run, mirror?.name ?? null, false);
    if (result.ok) written.push(result.value);
  }
  return written;
}

/** A run name from a plan dir's folder name: `My Shop (v2)` → `My-Shop-v2`. */
export function nameFromPlanDir(planDir: string): string {
  const cleaned = basename(planDir)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 60);
  return cleaned === '' ? 'run' : cleaned;
}

/** The name a run in `logDir` has, or would get from its plan dir (suffixed past namesakes). */
export function nameFor(
  entries: readonly RunEntry[],
  run: Pick<RunEntry, 'planDir' | 'logDir'>,
): string {
  const mine = entries.find((entry) => entry.logDir === run.logDir);
  if (mine !== undefined) return mine.name;
  const base = nameFromPlanDir(run.planDir);
  const taken = new Set(entries.map((entry) => entry.name));
  for (let index = 1; index < 100; index++) {
    const name = index === 1 ? base : `${base}-${index}`;
    if (!taken.has(name)) return name;
  }
  return base;
}

/**
 * Registers a run (its log dir is its identity): the name it had, else `name` when given, else
 * its plan dir's folder name — with `-2`, `-3`… when another plan dir has that name already.
 * A given name taken by another run is refused: a person chose it, so it is not changed silently.
 */
export function registerRun(
  stateDir: string,
  run: RunToRegister,
  options: { readonly name?: string | null; readonly now: Date },
): Result<RunEntry, string> {
  const { entries } = readRegistry(stateDir, { now: options.now });
  return writeEntry(stateDir, entries, run, options.name ?? null, true);
}

function writeEntry(
  stateDir: string,
  entries: readonly RunEntry[],
  run: RunToRegister,
  wanted: string | null,
  explicit: boolean,
): Result<RunEntry, string> {
  const mine = entries.find((entry) => entry.logDir === run.logDir);
  const takenBy = (name: string): RunEntry | undefined =>
    entries.find((entry) => entry.name === name && entry.logDir !== run.logDir);
  let candidates: string[];
  if (wanted !== null && explicit) {
    const other = takenBy(wanted);
    if (other !== undefined)
      return err(
        `the run name ${wanted} is taken by ${other.planDir} (log dir ${other.logDir}); pick another --name`,
      );
    candidates = [wanted];
  } else {
    const base = wanted ?? mine?.name ?? nameFromPlanDir(run.planDir);
    candidates = [base, ...Array.from({ length: 98 }, (_, index) => `${base}-${index + 2}`)];
  }
  mkdirSync(runsDir(stateDir), { recursive: true });
  for (const name of candidates) {
    if (takenBy(name) !== undefined) continue;
    const entry: RunEntry = { name, ...run };
    const text = `${JSON.stringify(entry, null, 2)}\n`;
    const file = entryPath(stateDir, name);
    if (mine?.name === name) writeFileAtomic(file, text);
    else if (!claim(file, text)) {
      // Another start took the name between our read and our write: it is theirs.
      if (explicit && wanted !== null)
        return err(`the run name ${wanted} was just taken by another start; pick another --name`);
      continue;
    }
    if (mine !== undefined && mine.name !== name)
      rmSync(entryPath(stateDir, mine.name), { force: true });
    try {
      writeFileAtomic(join(run.logDir, ENTRY_MIRROR_FILE), text);
    } catch {
      // a log dir refusing writes costs the rebuild its name, not the start
    }
    return ok(entry);
  }
  return err(`no free run name for ${run.planDir}; pass --name`);
}

/**
 * Creates `file` with `text` only if it does not exist, in one step readers never see half of: a
 * temp file written in full, then hard-linked to the name (which fails if the name exists).
 */
function claim(file: string, text: string): boolean {
  const tempPath = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.claim`);
  writeFileAtomic(tempPath, text);
  try {
    linkSync(tempPath, file);
    return true;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cause;
  } finally {
    rmSync(tempPath, { force: true });
  }
}

/** Forgets a run (its log dir is gone, or the person asked). */
export function removeRun(stateDir: string, name: string): void {
  rmSync(entryPath(stateDir, name), { force: true });
}
