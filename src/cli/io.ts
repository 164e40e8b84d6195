// Where the CLI writes, and whether it may use colour; injected so commands run in-process in tests.
import { fstatSync, statSync, writeSync } from 'node:fs';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** stdout is a terminal (live views, relative layout). */
  readonly isTTY: boolean;
  /** Colour is allowed: a TTY and NO_COLOR unset. */
  readonly color: boolean;
  /** Size of the terminal, for views redrawn in place (absent: not known). */
  readonly terminalSize?: () => { readonly columns: number; readonly rows: number };
}

/** `launch events | head`: the reader left, which is not an error; stop quietly. */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/**
 * The watchdog's own output (a pane, `watchdog.out` in a log dir that may be full, a terminal that
 * went away) is best effort: a write refused there must not end supervision.
 */
function ignoreRefusedWrites(stream: NodeJS.WriteStream): void {
  stream.on('error', () => undefined);
}

let pipesGuarded = false;

function guardPipes(quietOnClosedPipe: boolean | undefined): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  const guard = quietOnClosedPipe === false ? ignoreRefusedWrites : exitQuietlyOnClosedPipe;
  guard(process.stdout);
  guard(process.stderr);
}

/**
 * Whether `fd` is a terminal, without making its stream unless it may be one. /dev/null is a
 * character device too (`launch status >/dev/null` in a cron job): it is told apart by its device
 * number, so making a stream for it does not cost such a command a few milliseconds.
 */
function isTerminal(fd: 1 | 2): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice() || stat.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    return false;
  }
  return (fd === 1 ? process.stdout : process.stderr).isTTY;
}

/**
 * Writes to a pipe or file the way a short command wants it: straight to the descriptor, without
 * making Node's stream for it (which loads the socket and stream machinery: a few ms of `launch
 * status`). A reader that left (EPIPE) ends the command quietly, as the stream's guard does; a
 * descriptor that would block (EAGAIN: a full non-blocking pipe) hands what is left, and all that
 * follows, to the stream, so the order of the text is kept.
 */
export function directWriter(
  fd: 1 | 2,
  stream: () => Pick<NodeJS.WriteStream, 'write'>,
  guard: () => void,
  write: (fd: number, bytes: Uint8Array, offset: number) => number = writeSync,
) {
  let viaStream = false;
  return (text: string): void => {
    if (viaStream) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    try {
      while (offset < bytes.length) offset += write(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error;
      viaStream = true;
      guard();
      stream().write(bytes.subarray(offset));
    }
  };
}

export function processIo(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly quietOnClosedPipe?: boolean } = {},
): CliIo {
  const isTTY = isTerminal(1);
  const color = isTTY && (env.NO_COLOR === undefined || env.NO_COLOR === '');
  const terminalSize = () => ({
    columns: process.stdout.columns || 80,
    rows: process.stdout.rows || 24,
  });
  // The watchdog (a long run whose output may be a pane or a full disk) and terminals keep Node's
  // streams; a short command writing to a pipe or file writes straight to it.
  if (options.quietOnClosedPipe === false || isTTY) {
    guardPipes(options.quietOnClosedPipe);
    return {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      isTTY,
      color,
      terminalSize,
    };
  }
  const guard = () => guardPipes(options.quietOnClosedPipe);
  return {
    out: directWriter(1, () => process.stdout, guard),
    err: directWriter(2, () => process.stderr, guard),
    isTTY,
    color,
    terminalSize,
  };
}

const CODES = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  dim: 2,
  bold: 1,
} as const;
export type Colour = keyof typeof CODES;

export function paint(io: Pick<CliIo, 'color'>, colour: Colour, text: string): string {
  return io.color ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}
