// Where the CLI writes, and whether it may use colour; injected so commands run in-process in tests.

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

export function processIo(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly quietOnClosedPipe?: boolean } = {},
): CliIo {
  if (!pipesGuarded) {
    pipesGuarded = true;
    const guard =
      options.quietOnClosedPipe === false ? ignoreRefusedWrites : exitQuietlyOnClosedPipe;
    guard(process.stdout);
    guard(process.stderr);
  }
  const isTTY = process.stdout.isTTY;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY,
    color: isTTY && (env.NO_COLOR === undefined || env.NO_COLOR === ''),
    terminalSize: () => ({
      columns: process.stdout.columns || 80,
      rows: process.stdout.rows || 24,
    }),
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
