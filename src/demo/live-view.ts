// `launch demo`'s live view: on a terminal, one frame (the `launch status` view plus how to
// attach) redrawn in place; elsewhere, one plain line per new ledger event.
import type { CliIo } from '../cli/io.js';
import { paint } from '../cli/io.js';
import { eventLine } from '../cli/commands/status.js';
import type { LedgerEvent } from '../watchdog/types.js';

const SGR = /\u001b\[[0-9;]*m/y;

/** Cuts a line to `width` visible characters (colour codes kept, not counted), marking the cut. */
export function fitToWidth(line: string, width: number): string {
  if (width <= 1) return '';
  let visible = 0;
  let out = '';
  let coloured = false;
  for (let index = 0; index < line.length;) {
    SGR.lastIndex = index;
    const code = SGR.exec(line);
    if (code) {
      out += code[0];
      coloured = code[0] !== '\u001b[0m';
      index += code[0].length;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(index) ?? 32);
    if (visible === width - 1 && index + char.length < line.length) {
      return `${out}…${coloured ? '\u001b[0m' : ''}`;
    }
    out += char;
    visible++;
    index += char.length;
  }
  return out;
}

/** The ledger events a person wants to see go by (the first reading of each session is noise). */
export function isShownEvent(event: LedgerEvent): boolean {
  return !(event.type === 'session-state' && event.from === 'unknown');
}

export interface FrameInput {
  readonly elapsedMs: number;
  readonly status: string;
  readonly attach: string;
  readonly keep: boolean;
}

export function renderFrame(io: Pick<CliIo, 'color'>, input: FrameInput): string[] {
  const seconds = Math.floor(input.elapsedMs / 1000);
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return [
    `${paint(io, 'bold', 'launch demo')}  ${clock}  simulated agents; real tmux, git and watchdog`,
    '',
    ...input.status.replace(/\n$/, '').split('\n'),
    '',
    `watch an agent:  ${paint(io, 'cyan', input.attach)}   (detach: Ctrl-b d)`,
    paint(
      io,
      'dim',
      input.keep
        ? 'Ctrl-C stops watching; --keep leaves the world and its sessions as they are'
        : 'Ctrl-C stops the demo and removes everything it made',
    ),
  ];
}

/**
 * A frame no taller than the screen (the cursor cannot move above its top row, so a taller frame
 * could not be redrawn in place): lines are dropped just above the last `keepLast` ones.
 */
export function fitToHeight(lines: readonly string[], rows: number, keepLast: number): string[] {
  const room = Math.max(1, rows - 1);
  if (lines.length <= room) return [...lines];
  const tail = lines.slice(-Math.min(keepLast, room));
  return [...lines.slice(0, room - tail.length), ...tail];
}

/** Lines at the bottom of a frame that stay when the screen is short (how to attach, how to stop). */
export const FRAME_FOOTER_LINES = 2;

/** Redraws a block of lines in place: back up over the previous frame, clear, write. */
export class InPlaceScreen {
  private height = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly size: () => { readonly columns: number; readonly rows: number },
  ) {}

  draw(lines: readonly string[]): void {
    const { columns, rows } = this.size();
    const fitted = fitToHeight(lines, rows, FRAME_FOOTER_LINES).map((line) =>
      fitToWidth(line, columns),
    );
    // Lines are cut to the width, so each takes exactly one row and the count stays true.
    const back = this.height > 0 ? `\u001b[${this.height}F` : '';
    this.write(`${back}\u001b[J${fitted.join('\n')}\n`);
    this.height = fitted.length;
  }

  /** Hides the cursor while frames are drawn (it would flicker over them). */
  begin(): void {
    this.write('\u001b[?25l');
  }

  end(): void {
    this.write('\u001b[?25h');
  }
}

/** Plain output: one line per event not printed yet. */
export class EventFeed {
  private printed = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly zone: string,
  ) {}

  /** Prints the events past the ones already printed (`events` is the whole ledger so far). */
  update(events: readonly LedgerEvent[], now: Date): void {
    for (const event of events.slice(this.printed)) {
      if (isShownEvent(event)) this.write(`${eventLine(event, this.zone, now)}\n`);
    }
    this.printed = Math.max(this.printed, events.length);
  }
}
