// `launch signal <source> [event | payload]` (internal): what a client's hook or notify program runs.
// It reads the client's payload (Claude Code / Gemini CLI / the sim: JSON on stdin; Codex: a JSON
// argument appended last), normalises it into one SignalLine and appends it to
// <LAUNCH_LOG_DIR>/signals/<LAUNCH_SESSION>.jsonl. The client waits on it, so it never fails (exit 0
// whatever happens), prints nothing on stdout (Claude reads hook stdout; an exit 2 from PreToolUse
// would block the tool), bounds what it reads and loads only node:fs and two small modules: bin/launch
// comes straight here without loading the rest of the CLI.
import { isAbsolute } from 'node:path';
import type { Command } from 'commander';
import { appendSignalLine, isSafeSessionName } from '../../evidence/signal-file.js';
import {
  isSignalSource,
  normalizeSignal,
  PAYLOAD_CAP_BYTES,
} from '../../evidence/signal-normalize.js';
import type { CliDeps } from '../context.js';

/** How long stdin may take to end (a client that never closes it must not keep us alive). */
const STDIN_TIMEOUT_MS = 3000;

export interface SignalInput {
  /** The words after `signal`: `<source> [event]`, or `codex <payload JSON>`. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The payload on stdin (already capped); null when there is none (a terminal, no pipe). */
  readonly readStdin: () => Promise<string | null>;
  readonly now: () => Date;
}

/** What was written (for tests and `--verbose` callers); never throws. */
export type SignalOutcome =
  | { readonly written: true; readonly file: string }
  | { readonly written: false; readonly reason: string };

export async function runSignal(input: SignalInput): Promise<SignalOutcome> {
  try {
    const [source, ...rest] = input.args;
    if (source === undefined || !isSignalSource(source))
      return { written: false, reason: `unknown source ${JSON.stringify(source ?? '')}` };
    const logDir = input.env.LAUNCH_LOG_DIR?.trim() ?? '';
    const session = input.env.LAUNCH_SESSION?.trim() ?? '';
    if (logDir === '' || !isAbsolute(logDir))
      return { written: false, reason: 'LAUNCH_LOG_DIR is not an absolute path' };
    if (!isSafeSessionName(session))
      return { written: false, reason: 'LAUNCH_SESSION is not a session name' };

    let payload: string;
    let eventArg: string | undefined;
    if (source === 'codex') {
      // Codex appends the JSON as the last argument; its stdin may be the pane's terminal.
      payload = (rest.at(-1) ?? '').slice(0, PAYLOAD_CAP_BYTES);
    } else {
      eventArg = rest[0];
      payload = (await input.readStdin()) ?? '';
    }
    const line = normalizeSignal(source, payload, eventArg, input.now().toISOString());
    if (line === null) return { written: false, reason: 'no event launch uses in the payload' };
    return { written: true, file: appendSignalLine(logDir, session, line) };
  } catch (error) {
    return { written: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads stdin up to `capBytes` and drains the rest (so the client never meets a closed pipe), for
 * at most `timeoutMs`. A terminal is never read: the hook would steal the pane's keys.
 */
export function readCappedStdin(
  stream: NodeJS.ReadStream = process.stdin,
  capBytes = PAYLOAD_CAP_BYTES,
  timeoutMs = STDIN_TIMEOUT_MS,
): Promise<string | null> {
  if (stream.isTTY) return Promise.resolve(null);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.pause();
      stream.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(finish, timeoutMs);
    timer.unref();
    stream.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (size < capBytes) {
        const room = capBytes - size;
        chunks.push(bytes.length > room ? bytes.subarray(0, room) : bytes);
        size += Math.min(room, bytes.length);
      }
    });
    stream.once('end', finish);
    stream.once('error', finish);
    stream.once('close', finish);
  });
}

/** The fast entry bin/launch takes for `launch signal …`: always exit code 0, nothing on stdout. */
export async function signalMain(args: readonly string[]): Promise<number> {
  const outcome = await runSignal({
    args,
    env: process.env,
    readStdin: () => readCappedStdin(),
    now: () => new Date(),
  });
  if (!outcome.written && process.env.LAUNCH_SIGNAL_DEBUG === '1')
    process.stderr.write(`launch signal: ${outcome.reason}\n`);
  return 0;
}

/** Registered for completeness (`launch signal` through the full CLI); hidden from help. */
export function registerSignal(program: Command, deps: CliDeps): void {
  program
    .command('signal', { hidden: true })
    .description('internal: record a client hook / notify payload as a signal line')
    .argument('<source>', 'claude | codex | gemini | sim')
    .argument('[args...]', 'the event name, or (codex) the payload JSON')
    .allowUnknownOption(true)
    .helpOption(false)
    .action(async (source: string, args: string[]) => {
      await runSignal({
        args: [source, ...args],
        env: deps.env,
        readStdin: () => readCappedStdin(),
        now: deps.now,
      });
    });
}
