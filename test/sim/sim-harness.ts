// Drives the pure runner with a fake clock, the way the driver's single timer would.
import { emptyInput, type InputState } from '../../src/sim/input-line.js';
import type { GitRequest, Progress, SimContext, SimModel } from '../../src/sim/model.js';
import { initialModel, progressOf } from '../../src/sim/restart.js';
import { reduce, type SimCommand, type SimEvent } from '../../src/sim/runner.js';
import { nextWakeAt } from '../../src/sim/wake-time.js';
import { renderScreen } from '../../src/sim/screen.js';
import type { Step } from '../../src/sim/script-schema.js';
import { frameOf, viewOf } from '../../src/sim/view.js';

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

export function makeContext(
  steps: readonly Step[],
  overrides: Partial<SimContext> = {},
): SimContext {
  return {
    role: 'builder',
    session: 'loop-builder',
    phaseId: 'p1',
    phaseIndex: 0,
    statusFile: 'STATUS-p1.md',
    zone: 'UTC',
    steps,
    quirks: {},
    source: 'test.json',
    kickoff: 'kickoff line 1\nkickoff line 2',
    notices: [],
    screen: 'claude',
    signals: false,
    conversationId: 'conv-1',
    resumed: null,
    ...overrides,
  };
}

export class SimHarness {
  now: number;
  model: SimModel;
  readonly commands: SimCommand[] = [];
  input: InputState = emptyInput;

  constructor(
    readonly ctx: SimContext,
    progress: Progress | null = null,
    start = T0,
  ) {
    this.now = start;
    this.model = initialModel(ctx, progress, start);
    this.send({ kind: 'tick', now: this.now });
  }

  send(event: SimEvent): void {
    const result = reduce(this.model, this.ctx, event);
    this.model = result.model;
    this.commands.push(...result.commands);
  }

  /** Moves the clock forward, firing every wake-up on the way. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const wake = nextWakeAt(this.model, this.now);
      if (wake === null || wake > target) break;
      this.now = Math.max(this.now, wake);
      this.send({ kind: 'tick', now: this.now });
    }
    this.now = target;
  }

  line(text: string): void {
    this.send({ kind: 'line', text, now: this.now });
  }

  /** The git request the runner is waiting on (fails the test if there is none). */
  pendingGit(): GitRequest {
    if (this.model.activity.kind !== 'git')
      throw new Error(`not in a git step: ${this.model.activity.kind}`);
    return this.model.activity.request;
  }

  gitDone(lines: string[] = ['pushed'], ok = true): void {
    this.send({ kind: 'git-done', outcome: { ok, lines }, now: this.now });
  }

  progress(): Progress {
    return progressOf(this.model, this.ctx);
  }

  screen(size = { width: 200, height: 50 }): string[] {
    return renderScreen(viewOf(this.model, this.ctx, this.input, this.now), size);
  }

  /** The frame in the context's screen style (what the driver draws). */
  frame(size = { width: 200, height: 50 }): string[] {
    return frameOf(this.model, this.ctx, this.input, this.now, size);
  }

  /** The hook events run so far, with their fields. */
  hooks(): { event: string; fields: Readonly<Record<string, unknown>> }[] {
    return this.commands.flatMap((command) =>
      command.kind === 'hook' ? [{ event: command.event, fields: command.fields }] : [],
    );
  }

  /** The transcript as printed rows (without the header and bottom area). */
  transcript(): string[] {
    return this.model.transcript.map((entry) =>
      entry.kind === 'event'
        ? `⏺ ${entry.text}`
        : entry.kind === 'input'
          ? `> ${entry.text}`
          : entry.text,
    );
  }
}
