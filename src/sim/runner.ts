// The script runner as a pure reducer: (model, event) → (model, commands). Time comes in with each
// event, effects (git, exit) go out as commands, so every flow is tested with plain numbers.
import { unreachable } from '../util/result.js';
import type {
  Activity,
  GitOutcome,
  GitRequest,
  SimContext,
  SimModel,
  TranscriptEntry,
} from './model.js';
import { SIM_PROMPTS } from './prompt-texts.js';
import type { Step } from './script-schema.js';
import type { BannerStyle } from './texts.js';
import { lookBanner, lookPrompt, lookResetStyle } from './looks.js';
import {
  escapeRegExp,
  FATAL_ERROR,
  fillPlaceholders,
  limitResetAt,
  waitingUntilLine,
  type PlaceholderValues,
} from './texts.js';

export type SimEvent =
  | { readonly kind: 'tick'; readonly now: number }
  /** A key pressed at a prompt: a digit picks its option, Enter the one under the cursor. */
  | { readonly kind: 'choice'; readonly key: string; readonly now: number }
  | { readonly kind: 'line'; readonly text: string; readonly now: number }
  | { readonly kind: 'git-done'; readonly outcome: GitOutcome; readonly now: number };

export type SimCommand =
  | { readonly kind: 'git'; readonly request: GitRequest }
  | { readonly kind: 'exit'; readonly code: number }
  /** Run the client hooks for `event` (Claude Code's names), with these payload fields. */
  | { readonly kind: 'hook'; readonly event: HookEvent; readonly fields: HookFields };

/** The hook events the runner acts out (SessionStart / SessionEnd come from the process itself). */
export type HookEvent = 'UserPromptSubmit' | 'PreToolUse' | 'PostToolUse' | 'Stop' | 'Notification';
export type HookFields = Readonly<Record<string, unknown>>;

/** Claude Code's messageIdleNotifThresholdMs (60000 in 2.1.197): the idle_prompt Notification. */
export const IDLE_NOTIFY_MS = 60_000;
/** Claude Code's idle_prompt text (2.1.197). */
export const IDLE_PROMPT_MESSAGE = 'Claude is waiting for your input';

export interface Reduction {
  readonly model: SimModel;
  readonly commands: readonly SimCommand[];
}

/** Old transcript entries are dropped; the screen shows at most ~45 rows anyway. */
const TRANSCRIPT_CAP = 400;
/** Unconsumed lines kept (and persisted) at most; the oldest go first. */
const PENDING_CAP = 50;
const DEFAULT_RESUME_SECONDS = 2;

class Transition {
  model: SimModel;
  readonly commands: SimCommand[] = [];
  constructor(
    model: SimModel,
    readonly ctx: SimContext,
  ) {
    this.model = model;
  }
  set(patch: Partial<SimModel>): void {
    this.model = { ...this.model, ...patch };
  }
  print(entry: TranscriptEntry): void {
    const transcript = [...this.model.transcript, entry];
    this.set({ transcript: transcript.slice(-TRANSCRIPT_CAP) });
  }
  event(text: string): void {
    this.print({ kind: 'event', text });
  }
  raw(text: string): void {
    this.print({ kind: 'raw', text });
  }
  /** A client error line (a limit banner, the fatal API error), drawn as the look draws errors. */
  error(text: string): void {
    this.print({ kind: 'error', text });
  }
  /** The limit banner in the imitated client's words. */
  banner(resetAt: number, style: BannerStyle): string {
    return lookBanner(this.ctx.look ?? 'claude', resetAt, style, this.ctx.zone);
  }
  become(activity: Activity, busy: boolean, now: number): void {
    this.set({ activity, busySince: busy ? (this.model.busySince ?? now) : null });
  }
  hook(event: HookEvent, fields: HookFields = {}): void {
    if (this.ctx.signals) this.commands.push({ kind: 'hook', event, fields });
  }
  /** The turn is over (idle, waiting, finished): Stop, and the idle Notification a minute on. */
  turnEnds(now: number): void {
    const lastSaid = [...this.model.transcript].reverse().find((entry) => entry.kind === 'event');
    this.hook('Stop', {
      stop_hook_active: false,
      ...(lastSaid ? { last_assistant_message: lastSaid.text } : {}),
    });
    if (this.ctx.signals) this.set({ idleNotifyAt: now + IDLE_NOTIFY_MS });
  }
  toolUseId(): string {
    return `toolu_sim_${this.model.boots}_${this.model.stepIndex}`;
  }
  toolStarts(input: HookFields): void {
    this.set({ idleNotifyAt: null });
    this.hook('PreToolUse', {
      tool_name: 'Bash',
      tool_input: input,
      tool_use_id: this.toolUseId(),
    });
  }
  toolEnds(input: HookFields, output: string, startedAt: number | null, now: number): void {
    this.hook('PostToolUse', {
      tool_name: 'Bash',
      tool_input: input,
      tool_response: { stdout: output, stderr: '', interrupted: false, isImage: false },
      tool_use_id: this.toolUseId(),
      ...(startedAt === null ? {} : { duration_ms: Math.max(0, now - startedAt) }),
    });
  }
  /** The tool input a step's work shows in its hooks. */
  toolInput(step: Step | undefined): HookFields {
    if (step === undefined) return { command: 'true' };
    switch (step.do) {
      case 'work':
        return { command: `sleep ${step.seconds}`, description: this.fill(step.note ?? 'work') };
      case 'commit':
        return { command: `git commit -m ${JSON.stringify(this.fill(step.subject))} && git push` };
      case 'pull':
        return { command: 'git pull --rebase' };
      case 'done':
        return { command: `git commit -m ${JSON.stringify(this.fill(step.subject ?? 'done'))}` };
      case 'say':
      case 'wait':
      case 'limit':
      case 'idle':
      case 'declare-wait':
      case 'fatal':
      case 'prompt':
      case 'exit':
        return { command: step.do };
      default:
        return unreachable(step);
    }
  }

  /** The current step is over: go to the next one. */
  finishStep(now: number): void {
    this.set({ stepIndex: this.model.stepIndex + 1, busySince: null });
    this.enterSteps(now);
  }
  get values(): PlaceholderValues {
    return {
      phase: this.ctx.phaseId,
      phaseIndex: this.ctx.phaseIndex,
      role: this.ctx.role,
      session: this.ctx.session,
      statusFile: this.ctx.statusFile,
    };
  }
  fill(template: string): string {
    return fillPlaceholders(template, this.values);
  }
  note(step: { readonly note?: string | undefined }): void {
    if (step.note !== undefined) this.event(this.fill(step.note));
  }
  takeResume(): { limitResetAt: number | null; waitUntil: number | null } {
    const resume = this.model.resume ?? { limitResetAt: null, waitUntil: null };
    if (this.model.resume !== null) this.set({ resume: null });
    return resume;
  }

  /** Runs steps that finish at once, and starts the first one that takes time. */
  enterSteps(now: number): void {
    for (;;) {
      const step = this.ctx.steps[this.model.stepIndex];
      if (step === undefined) {
        if (this.model.activity.kind !== 'finished') {
          this.event('script finished; nothing more to do');
          this.become({ kind: 'finished' }, false, now);
          this.turnEnds(now);
        }
        return;
      }
      if (this.enterStep(step, now) === 'started') return;
      this.set({ stepIndex: this.model.stepIndex + 1, busySince: null });
    }
  }

  /** 'done' when the step finished at once, 'started' when it now runs. */
  enterStep(step: Step, now: number): 'done' | 'started' {
    const resume = this.takeResume();
    switch (step.do) {
      case 'say':
        this.event(this.fill(step.text));
        return 'done';
      case 'work':
        this.note(step);
        this.become({ kind: 'working', until: now + step.seconds * 1000 }, true, now);
        this.toolStarts(this.toolInput(step));
        return 'started';
      case 'commit':
        this.note(step);
        return this.git(
          {
            op: 'commit',
            subject: this.fill(step.subject),
            files: (step.files ?? []).map((file) => ({
              path: this.fill(file.path),
              text: this.fill(file.text),
              append: file.append ?? false,
            })),
            push: step.push ?? true,
          },
          now,
        );
      case 'pull':
        this.note(step);
        return this.git({ op: 'pull' }, now);
      case 'done':
        this.note(step);
        return this.git(
          {
            op: 'done',
            subject: this.fill(step.subject ?? 'done({phase}): every gate PASSed'),
            statusFile: this.ctx.statusFile,
          },
          now,
        );
      case 'wait': {
        this.note(step);
        if (this.consumeMatching(step.match)) return 'done';
        if (step.waitingUntilSeconds !== undefined)
          this.raw(waitingUntilLine(now + step.waitingUntilSeconds * 1000, this.ctx.zone));
        const deadline =
          step.timeoutSeconds === undefined ? null : now + step.timeoutSeconds * 1000;
        this.become({ kind: 'waiting', deadline }, false, now);
        this.turnEnds(now);
        return 'started';
      }
      case 'limit': {
        const style = step.style ?? 'epoch';
        const rounding = lookResetStyle(this.ctx.look ?? 'claude', style);
        const resetAt = resume.limitResetAt ?? limitResetAt(now, step.resetSeconds, rounding);
        if (resume.limitResetAt !== null && resetAt <= now) {
          // A fresh session after the reset is not limited any more (like a restarted client).
          this.event('started after the quota window; going on');
          return 'done';
        }
        this.note(step);
        this.error(this.banner(resetAt, style));
        this.become({ kind: 'limited', resetAt, style }, false, now);
        return 'started';
      }
      case 'idle':
        this.note(step);
        this.become({ kind: 'idle' }, false, now);
        this.turnEnds(now);
        return 'started';
      case 'declare-wait': {
        const until = resume.waitUntil ?? now + step.seconds * 1000;
        if (until <= now) return 'done';
        this.note(step);
        this.raw(waitingUntilLine(until, this.ctx.zone));
        this.become({ kind: 'declared-wait', until }, false, now);
        this.turnEnds(now);
        return 'started';
      }
      case 'fatal':
        this.error(FATAL_ERROR);
        this.become({ kind: 'fatal' }, false, now);
        return 'started';
      case 'prompt':
        this.note(step);
        this.become({ kind: 'prompt', prompt: step.kind }, false, now);
        // Claude Code's Notification hook for a permission prompt (2.1.197: permission_prompt).
        if (step.kind === 'permission')
          this.hook('Notification', {
            message: 'Claude needs your permission to use Bash',
            notification_type: 'permission_prompt',
          });
        return 'started';
      case 'exit': {
        this.note(step);
        const code = step.code ?? 1;
        this.event(`exiting with code ${code}`);
        this.become({ kind: 'exiting', code }, false, now);
        this.commands.push({ kind: 'exit', code });
        return 'started';
      }
      default:
        return unreachable(step);
    }
  }

  git(request: GitRequest, now: number): 'started' {
    this.become({ kind: 'git', request }, true, now);
    this.toolStarts(this.toolInput(this.currentStep()));
    this.commands.push({ kind: 'git', request });
    return 'started';
  }

  /** Takes the oldest pending line that matches, if any. */
  consumeMatching(pattern: string): boolean {
    const regex = new RegExp(fillPlaceholders(pattern, this.values, escapeRegExp), 'i');
    const index = this.model.pending.findIndex((line) => regex.test(line));
    if (index < 0) return false;
    this.set({ pending: this.model.pending.filter((_, i) => i !== index) });
    return true;
  }

  currentStep(): Step | undefined {
    return this.ctx.steps[this.model.stepIndex];
  }

  tick(now: number): void {
    const { activity } = this.model;
    if (this.model.idleNotifyAt !== null && now >= this.model.idleNotifyAt) {
      this.set({ idleNotifyAt: null });
      this.hook('Notification', { message: IDLE_PROMPT_MESSAGE, notification_type: 'idle_prompt' });
    }
    switch (activity.kind) {
      case 'starting':
        if (now >= this.model.readyAt) this.becomeReady(now);
        return;
      case 'working':
        if (now >= activity.until) {
          this.toolEnds(this.toolInput(this.currentStep()), '', this.model.busySince, now);
          this.finishStep(now);
        }
        return;
      case 'resuming':
        if (now >= activity.until) this.finishStep(now);
        return;
      case 'declared-wait':
        if (now >= activity.until) {
          this.event('the declared wait is over; going on');
          this.finishStep(now);
        }
        return;
      case 'waiting':
        if (activity.deadline !== null && now >= activity.deadline) {
          this.event('nothing matching arrived in time; going on');
          this.finishStep(now);
        }
        return;
      case 'git':
      case 'limited':
      case 'idle':
      case 'fatal':
      case 'prompt':
      case 'exiting':
      case 'finished':
      case 'resumed':
        return;
      default:
        unreachable(activity);
    }
  }

  becomeReady(now: number): void {
    if (this.ctx.resumed !== null) {
      // Like `claude --resume <id>` with no prompt: the old conversation back on screen, waiting.
      this.set({ ready: true });
      this.event(
        `resumed conversation ${this.ctx.conversationId} after turn ${this.model.turns}; waiting for a prompt`,
      );
      this.become({ kind: 'resumed' }, false, now);
      return;
    }
    const lines = this.ctx.kickoff.split('\n').length;
    this.set({ ready: true, turns: this.model.turns + 1 });
    // Claude Code runs UserPromptSubmit for the prompt given on its command line too.
    this.hook('UserPromptSubmit', { prompt: this.ctx.kickoff });
    this.print({
      kind: 'input',
      text: `(kickoff prompt: ${lines} line${lines === 1 ? '' : 's'}, ${this.ctx.kickoff.length} characters)`,
    });
    for (const notice of this.ctx.notices) this.event(notice);
    const total = this.ctx.steps.length;
    if (this.model.boots > 1) {
      const next = this.ctx.steps[this.model.stepIndex];
      const where = next
        ? `step ${this.model.stepIndex + 1} of ${total} (${next.do})`
        : 'the end of the script';
      this.event(
        `restarted (start ${this.model.boots} in phase ${this.ctx.phaseId}); going on at ${where}`,
      );
    } else {
      this.event(`following ${this.ctx.source}: ${total} step${total === 1 ? '' : 's'}`);
    }
    this.enterSteps(now);
  }

  line(text: string, now: number): void {
    this.print({ kind: 'input', text });
    this.set({ idleNotifyAt: null, turns: this.model.turns + 1 });
    this.hook('UserPromptSubmit', { prompt: text });
    if (this.model.activity.kind === 'resumed') {
      // The first prompt after a resume: go on where the conversation was.
      const total = this.ctx.steps.length;
      const next = this.ctx.steps[this.model.stepIndex];
      this.event(
        `turn ${this.model.turns}: going on at ${next ? `step ${this.model.stepIndex + 1} of ${total} (${next.do})` : 'the end of the script'}`,
      );
      this.become({ kind: 'starting' }, false, now);
      // A step that leaves it idle (a wait, an idle step, the end) ends the turn itself.
      this.enterSteps(now);
      return;
    }
    const stops = () =>
      this.commands.filter((command) => command.kind === 'hook' && command.event === 'Stop').length;
    const stopsBefore = stops();
    this.answered(text, now);
    // A prompt that leaves the agent idle (nothing matched, already finished) is a turn that ends.
    const after = this.model.activity.kind;
    const idle =
      after === 'waiting' || after === 'idle' || after === 'finished' || after === 'declared-wait';
    if (idle && stops() === stopsBefore) this.turnEnds(now);
  }

  answered(text: string, now: number): void {
    const { activity } = this.model;
    if (activity.kind === 'limited') {
      if (now < activity.resetAt) {
        // Like the real client: a message sent before the reset gets the banner again.
        this.error(this.banner(activity.resetAt, activity.style));
        return;
      }
      const step = this.currentStep();
      const limit = step?.do === 'limit' ? step : undefined;
      if (limit?.clearOnResume ?? true) this.set({ transcript: [{ kind: 'input', text }] });
      this.event('the quota window is over; resuming');
      const seconds = limit?.resumeSeconds ?? DEFAULT_RESUME_SECONDS;
      if (seconds <= 0) {
        this.finishStep(now);
        return;
      }
      this.become({ kind: 'resuming', until: now + seconds * 1000 }, true, now);
      return;
    }
    if (activity.kind === 'fatal') {
      this.error(FATAL_ERROR);
      return;
    }
    this.set({ pending: [...this.model.pending, text].slice(-PENDING_CAP) });
    const step = this.currentStep();
    if (activity.kind === 'waiting' && step?.do === 'wait' && this.consumeMatching(step.match))
      this.finishStep(now);
  }

  /** A key at a prompt: the answer is recorded in the transcript, then the script goes on. */
  choice(key: string, now: number): void {
    const { activity } = this.model;
    if (activity.kind !== 'prompt') return;
    const look = this.ctx.look ?? 'claude';
    const options =
      look === 'claude'
        ? SIM_PROMPTS[activity.prompt].options
        : (lookPrompt(look, activity.prompt)?.options ?? []);
    const picked = key === 'enter' ? 1 : Number(key);
    const label = options[picked - 1];
    if (!Number.isInteger(picked) || label === undefined) return;
    // Other looks note only the number: opencode's reader takes its option words near the
    // composer for the dialog itself.
    const answer =
      look === 'claude' ? `${picked}. ${label}` : `option ${picked} of ${options.length}`;
    this.print({ kind: 'input', text: `answered ${activity.prompt} prompt: ${answer}` });
    this.finishStep(now);
  }

  gitDone(outcome: GitOutcome, now: number): void {
    if (this.model.activity.kind !== 'git') return;
    this.toolEnds(
      this.toolInput(this.currentStep()),
      outcome.lines.join('\n'),
      this.model.busySince,
      now,
    );
    for (const line of outcome.lines) this.event(line);
    this.finishStep(now);
  }
}

export function reduce(model: SimModel, ctx: SimContext, event: SimEvent): Reduction {
  const transition = new Transition(model, ctx);
  switch (event.kind) {
    case 'tick':
      transition.tick(event.now);
      break;
    case 'line':
      if (model.ready) transition.line(event.text, event.now);
      break;
    case 'git-done':
      transition.gitDone(event.outcome, event.now);
      break;
    case 'choice':
      if (model.ready) transition.choice(event.key, event.now);
      break;
    default:
      unreachable(event);
  }
  return { model: transition.model, commands: transition.commands };
}
