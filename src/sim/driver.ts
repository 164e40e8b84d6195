// Runs the sim: feeds keys, timers and git outcomes to the pure runner, draws what changed,
// persists progress, and carries out the runner's commands. Effects come in as narrow functions.
import { applyKey, emptyInput, type InputState } from './input-line.js';
import { decodeKeys, initialDecoderState, type DecoderState } from './key-decoder.js';
import type {
  GitOutcome,
  GitRequest,
  Progress,
  SavedConversation,
  SimContext,
  SimModel,
} from './model.js';
import { initialModel, progressOf } from './restart.js';
import { reduce, type SimEvent } from './runner.js';
import type { ScreenSize } from './screen.js';
import { frameOf } from './view.js';
import { nextWakeAt } from './wake-time.js';

export interface Timer {
  cancel(): void;
}

export interface DriverDeps {
  readonly now: () => number;
  readonly size: () => ScreenSize;
  /** Draws a frame (the rows of the screen, top to bottom). */
  readonly draw: (lines: readonly string[]) => void;
  readonly runGit: (request: GitRequest) => Promise<GitOutcome>;
  readonly saveProgress: (progress: Progress) => void;
  /** Keeps the conversation (its screen entries and turns) for a later `--resume`. */
  readonly saveConversation?: (saved: SavedConversation) => void;
  readonly exit: (code: number) => void;
  /** Runs the client hooks for an event (Claude Code's payload fields besides the common ones). */
  readonly hook: (event: string, fields: Readonly<Record<string, unknown>>) => void;
  readonly setTimer: (ms: number, fire: () => void) => Timer;
  /** stdin is a pipe, not a terminal: LF submits too. */
  readonly lineMode: boolean;
}

export class SimDriver {
  private model: SimModel;
  private input: InputState = emptyInput;
  private decoder: DecoderState = initialDecoderState;
  private lastFrame: string | null = null;
  private lastSaved: string | null = null;
  private lastConversation: string | null = null;
  private timer: Timer | null = null;
  private stopped = false;

  constructor(
    private readonly ctx: SimContext,
    progress: Progress | null,
    private readonly deps: DriverDeps,
  ) {
    this.model = initialModel(ctx, progress, deps.now());
  }

  get state(): { readonly model: SimModel; readonly input: InputState } {
    return { model: this.model, input: this.input };
  }

  start(): void {
    this.dispatch({ kind: 'tick', now: this.deps.now() });
  }

  /** Raw input from the terminal. Keys before the UI is ready are lost, as with a real client. */
  feed(chunk: string): void {
    if (this.stopped) return;
    const decoded = decodeKeys(this.decoder, chunk, { lineMode: this.deps.lineMode });
    this.decoder = decoded.state;
    for (const key of decoded.keys) {
      if (!this.model.ready) continue;
      const now = this.deps.now();
      if (this.model.activity.kind === 'prompt') {
        // A dialog has the keyboard (as in Claude Code): a digit or Enter answers, the rest is lost.
        if (key.kind === 'enter') this.dispatch({ kind: 'choice', key: 'enter', now });
        else if (key.kind === 'text')
          for (const char of key.text)
            if (/\d/.test(char)) this.dispatch({ kind: 'choice', key: char, now });
        continue;
      }
      const result = applyKey(this.input, key, now, this.ctx.quirks);
      this.input = result.state;
      if (result.submitted !== null) this.dispatch({ kind: 'line', text: result.submitted, now });
    }
    this.draw();
  }

  /** The terminal changed size: draw everything again. */
  redraw(): void {
    this.lastFrame = null;
    this.draw();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  private dispatch(event: SimEvent): void {
    if (this.stopped) return;
    const { model, commands } = reduce(this.model, this.ctx, event);
    this.model = model;
    this.persist();
    this.persistConversation();
    this.draw();
    this.schedule();
    for (const command of commands) {
      switch (command.kind) {
        case 'git':
          void this.deps
            .runGit(command.request)
            .catch((cause: unknown) => ({
              ok: false,
              lines: [`git failed: ${cause instanceof Error ? cause.message : String(cause)}`],
            }))
            .then((outcome) => this.dispatch({ kind: 'git-done', outcome, now: this.deps.now() }));
          break;
        case 'hook':
          this.deps.hook(command.event, command.fields);
          break;
        case 'exit':
          this.stop();
          this.deps.exit(command.code);
          break;
      }
    }
  }

  private persist(): void {
    if (!this.model.ready) return;
    const progress = progressOf(this.model, this.ctx);
    const text = JSON.stringify(progress);
    if (text === this.lastSaved) return;
    this.deps.saveProgress(progress);
    this.lastSaved = text;
  }

  private persistConversation(): void {
    if (!this.model.ready || this.deps.saveConversation === undefined) return;
    const saved: SavedConversation = {
      turns: this.model.turns,
      transcript: this.model.transcript,
    };
    const text = JSON.stringify(saved);
    if (text === this.lastConversation) return;
    this.deps.saveConversation(saved);
    this.lastConversation = text;
  }

  private draw(): void {
    const lines = frameOf(this.model, this.ctx, this.input, this.deps.now(), this.deps.size());
    const frame = lines.join('\n');
    if (frame === this.lastFrame) return;
    this.lastFrame = frame;
    this.deps.draw(lines);
  }

  /** One timer at most, and none at all while nothing can change without input (idle is free). */
  private schedule(): void {
    this.timer?.cancel();
    this.timer = null;
    const now = this.deps.now();
    const wake = nextWakeAt(this.model, now);
    if (wake === null || this.stopped) return;
    this.timer = this.deps.setTimer(Math.max(0, wake - now), () => {
      this.timer = null;
      this.dispatch({ kind: 'tick', now: this.deps.now() });
    });
  }
}
