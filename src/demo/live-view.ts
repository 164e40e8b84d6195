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
    `watch an agent:  ${paint(io, 'cyan', input.attach)}   (detach: your tmux prefix, then d)`,
    paint(
      io,
      'dim',
      input.keep
        ? 'Ctrl-C stops watching; --keep leaves the world and its sessions as they are'
        : 'Ctrl-C stops the demo and removes everything it made',
    ),
  ];
}

/** Redraws a block of lines in place: back up over the previous frame, clear, write. */
export class InPlaceScreen {
  private height = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly columns: () => number,
  ) {}

  draw(lines: readonly string[]): void {
    const width = this.columns();
    const fitted = lines.map((line) => fitToWidth(line, width));
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
