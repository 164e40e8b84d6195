// `launch classify [--backend B] [--now ISO] [--tz ZONE] [--evidence …] [FILE|-]`: reads a saved
// pane (or stdin) the way the watchdog does and prints the reading as JSON, so a user can see why a
// session was treated as working, stalled, limited or wedged. With --evidence, every source the
// watchdog weighs: the screen, its motion against an earlier capture, a signals file, a transcript.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { dialectFor } from '../../screen/dialects.js';
import { resolveLimitZone } from '../../screen/limit-zone.js';
import { CliError, EXIT_USAGE } from '../../util/errors.js';
import { resolveSettings, type CliDeps } from '../context.js';

/** Bytes read from the end of the input: far more than a pane, and the reader looks at the bottom. */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;

interface ClassifyOptions {
  readonly now?: string;
  readonly tz?: string;
  readonly evidence?: boolean;
  readonly before?: string;
  readonly signals?: string;
  readonly transcript?: string;
}

async function classify(
  deps: CliDeps,
  command: Command,
  file: string | undefined,
  options: ClassifyOptions,
): Promise<void> {
  const { settings } = resolveSettings(deps, command, { usePersisted: true, planDir: false });
  const zone = resolveLimitZone({
    flag: options.tz ?? null,
    limitTz: settings.limitTz,
    envTz: deps.env.TZ ?? null,
  });
  if (!zone.ok) throw new CliError(zone.error, EXIT_USAGE);
  const now = parseNow(options.now, zone.value) ?? deps.now();
  const pane =
    file === undefined || file === '-' ? await readStdin() : readTail(resolve(deps.cwd, file));
  const reading = dialectFor(settings.backend).classify(pane, { now, zone: zone.value });
  if (!options.evidence) {
    for (const flag of ['before', 'signals', 'transcript'] as const)
      if (options[flag] !== undefined)
        throw new CliError(`--${flag} goes with --evidence`, EXIT_USAGE);
    deps.io.out(`${JSON.stringify(reading, null, 2)}\n`);
    return;
  }
  const { weighPane } = await import('../classify-evidence.js');
  const read = (flag: string, path: string | undefined): string | null =>
    path === undefined ? null : readTail(resolve(deps.cwd, path), flag);
  const weighed = weighPane({
    backend: settings.backend,
    pane,
    reading,
    before: read('--before', options.before),
    signalsText: read('--signals', options.signals),
    transcriptFile: options.transcript ? resolve(deps.cwd, options.transcript) : null,
    now: now.getTime(),
    zone: zone.value,
    settings,
  });
  const { reading: completed, ...rest } = weighed;
  deps.io.out(`${JSON.stringify({ ...completed, ...rest }, null, 2)}\n`);
}

function parseNow(text: string | undefined, zone: string): Date | null {
  if (text === undefined) return null;
  const parsed = DateTime.fromISO(text.trim(), { zone, setZone: true });
  if (!parsed.isValid) {
    throw new CliError(
      `--now must be an ISO-8601 time such as 2026-04-11T15:00:00Z, got ${JSON.stringify(text)}`,
      EXIT_USAGE,
    );
  }
  return parsed.toJSDate();
}

/** The last MAX_INPUT_BYTES of a file; invalid UTF-8 becomes U+FFFD rather than an error. */
function readTail(path: string, what = 'pane'): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, MAX_INPUT_BYTES);
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, size - length);
    return buffer.subarray(0, read).toString('utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliError(
      `cannot read ${what === 'pane' ? 'pane' : `${what}`} file ${path}: ${describeReadError(reason)}`,
      EXIT_USAGE,
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function describeReadError(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, expected a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return code;
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CliError(
      'classify reads a pane capture from FILE or stdin; give a file, or pipe one in (tmux capture-pane -p -t <session> | launch classify)',
      EXIT_USAGE,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    total += buffer.length;
    // Keep only the tail: drop whole chunks from the front while the rest is still enough.
    while (chunks.length > 1 && total - (chunks[0]?.length ?? 0) >= MAX_INPUT_BYTES) {
      total -= chunks.shift()?.length ?? 0;
    }
  }
  const all = Buffer.concat(chunks);
  return all.subarray(Math.max(0, all.length - MAX_INPUT_BYTES)).toString('utf8');
}

export function registerClassify(program: Command, deps: CliDeps): void {
  program
    .command('classify')
    .description('read a saved pane (or stdin) as the watchdog does and print the reading as JSON')
    .argument('[file]', 'pane capture to read; "-" or none reads stdin')
    .option('--now <iso>', 'classify as if it were this time (ISO-8601), for reproducible output')
    .option(
      '--tz <zone>',
      'zone for reset times printed without one (default: LIMIT_TZ, TZ, system)',
    )
    .option('--evidence', 'weigh every source as the watchdog does: adds evidence, state and why')
    .option('--before <file>', 'with --evidence: an earlier capture of the same pane (motion)')
    .option(
      '--signals <file>',
      "with --evidence: the session's signals file (signals/<session>.jsonl)",
    )
    .option('--transcript <file>', "with --evidence: the agent's transcript file")
    .addHelpText(
      'after',
      "\nThe backend (whose screen to read) is the run settings' backend; --backend overrides it.\n" +
        'Output: { active, limited, resetAt, resetSource, fatal, waitingUntil, matched, recognised }.\n' +
        'With --evidence also { state, why, evidence: [{ source, verdict, workAt, detail }] }:\n' +
        '  launch classify --evidence --before pane-1.txt --signals .launch/signals/loop-builder.jsonl pane-2.txt\n',
    )
    .action((file: string | undefined, options: ClassifyOptions, command: Command) =>
      classify(deps, command, file, options),
    );
}
