// The sim agent's script: per role, an ordered list of steps (optionally one list per phase) and
// the typing quirks that let tests exercise the launcher's delivery logic. Checked by zod.
import { z } from 'zod';
import { SIM_PROMPT_KINDS } from './prompt-texts.js';
import { PHASE_ID_PATTERN } from '../phases/phase.js';

const SECONDS = 'must be a positive number of seconds';
const seconds = () =>
  z.number({ error: SECONDS }).finite({ error: SECONDS }).positive({ error: SECONDS });
const NON_NEGATIVE_SECONDS = 'must be a number of seconds (0 or more)';
const secondsOrZero = () =>
  z
    .number({ error: NON_NEGATIVE_SECONDS })
    .finite({ error: NON_NEGATIVE_SECONDS })
    .nonnegative({ error: NON_NEGATIVE_SECONDS });
const MILLIS = 'must be a whole number of milliseconds (0 or more)';
const millis = () =>
  z.number({ error: MILLIS }).int({ error: MILLIS }).nonnegative({ error: MILLIS });
const TEXT = 'must be a non-empty string';
const text = () => z.string({ error: TEXT }).min(1, { error: TEXT });
const note = () => text().optional();
const BOOLEAN = 'must be true or false';
const flag = () => z.boolean({ error: BOOLEAN });

const PATTERN = 'must be a regular expression (JavaScript syntax, matched case-insensitively)';
function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

const RELATIVE_PATH = 'must be a path inside the clone (relative, no "..", not in .git)';
/** Files the sim writes stay inside its clone: no absolute paths, no `..`, nothing under .git. */
export function isCloneRelativePath(path: string): boolean {
  if (path === '' || path.includes('\0') || path.startsWith('/') || path.startsWith('\\'))
    return false;
  const parts = path.split(/[/\\]/);
  return !parts.includes('..') && parts[0] !== '.git' && parts.every((part) => part !== '');
}

export const fileWriteSchema = z.strictObject({
  /** Relative to the clone; placeholders ({phase}, ...) are filled in. */
  path: z.string({ error: RELATIVE_PATH }).refine(isCloneRelativePath, { error: RELATIVE_PATH }),
  text: z.string({ error: 'must be a string' }),
  /** Append instead of replacing the file. */
  append: flag().optional(),
});
export type FileWrite = z.infer<typeof fileWriteSchema>;

/** Busy (working marker on the status line) for `seconds`. */
const workStep = z.strictObject({ do: z.literal('work'), seconds: seconds(), note: note() });
/** One transcript line `⏺ <text>`. */
const sayStep = z.strictObject({ do: z.literal('say'), text: text() });
/** Write files, commit, then `pull --rebase` and push to origin/main (retried when rejected). */
const commitStep = z.strictObject({
  do: z.literal('commit'),
  subject: text(),
  files: z.array(fileWriteSchema, { error: 'must be a list of { "path", "text" }' }).optional(),
  push: flag().optional(),
  note: note(),
});
/** `git pull --rebase` from origin/main. */
const pullStep = z.strictObject({ do: z.literal('pull'), note: note() });
/** Idle until a received line matches `match` (lines received earlier and not consumed count). */
const waitStep = z.strictObject({
  do: z.literal('wait'),
  match: z.string({ error: PATTERN }).refine(isRegExp, { error: PATTERN }),
  /** Print `WAITING-UNTIL: <now + N s>` when the wait starts, so the watchdog lets it idle. */
  waitingUntilSeconds: seconds().optional(),
  /** Give up and go on after N s (default: wait for ever). */
  timeoutSeconds: seconds().optional(),
  note: note(),
});
/** Print a usage-limit banner; stay limited until a line is submitted after the reset. */
const limitStep = z.strictObject({
  do: z.literal('limit'),
  resetSeconds: seconds(),
  style: z.enum(['epoch', 'time'], { error: 'must be "epoch" or "time"' }).optional(),
  /** Busy for N s after resuming (default 2), so the watchdog's probe check sees work. */
  resumeSeconds: secondsOrZero().optional(),
  /** Clear the transcript on resume, so an old banner cannot read as a fresh one (default true). */
  clearOnResume: flag().optional(),
  note: note(),
});
/** Sit idle with no marker; only a reboot ends it (counts as done once entered). */
const idleStep = z.strictObject({ do: z.literal('idle'), note: note() });
/** Print `WAITING-UNTIL: <now + N s>`, sit idle until then, go on. */
const declareWaitStep = z.strictObject({
  do: z.literal('declare-wait'),
  seconds: seconds(),
  note: note(),
});
/** Print the fatal API error and hang (counts as done once entered). */
const fatalStep = z.strictObject({ do: z.literal('fatal') });

/** Stops at a prompt for a person (real Claude Code wording) until it is answered. */
const promptStep = z.strictObject({
  do: z.literal('prompt'),
  kind: z.enum(SIM_PROMPT_KINDS, { error: `must be one of ${SIM_PROMPT_KINDS.join(', ')}` }),
  note: note(),
});
/** Exit the process with `code` (default 1); counts as done, so a restart goes on after it. */
const exitStep = z.strictObject({
  do: z.literal('exit'),
  code: z
    .number({ error: 'must be a whole number 0-255' })
    .int({ error: 'must be a whole number 0-255' })
    .min(0, { error: 'must be a whole number 0-255' })
    .max(255, { error: 'must be a whole number 0-255' })
    .optional(),
  note: note(),
});
/** Append `## DONE` to the phase's status file, commit and push. */
const doneStep = z.strictObject({
  do: z.literal('done'),
  subject: text().optional(),
  note: note(),
});

export const STEP_SCHEMAS = {
  work: workStep,
  say: sayStep,
  commit: commitStep,
  pull: pullStep,
  wait: waitStep,
  limit: limitStep,
  idle: idleStep,
  'declare-wait': declareWaitStep,
  fatal: fatalStep,
  prompt: promptStep,
  exit: exitStep,
  done: doneStep,
} as const;
export type StepKind = keyof typeof STEP_SCHEMAS;
export const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];

export const stepSchema = z.discriminatedUnion('do', [
  workStep,
  sayStep,
  commitStep,
  pullStep,
  waitStep,
  limitStep,
  idleStep,
  declareWaitStep,
  fatalStep,
  promptStep,
  exitStep,
  doneStep,
]);
export type Step = z.infer<typeof stepSchema>;

export const quirksSchema = z.strictObject({
  /** The first N non-empty submits do nothing (the text stays in the input line). */
  ignoreSubmits: z
    .number({ error: 'must be a whole number (0 or more)' })
    .int({ error: 'must be a whole number (0 or more)' })
    .nonnegative({ error: 'must be a whole number (0 or more)' })
    .optional(),
  /** Every key is dropped: nothing shows in the input line, nothing is received. */
  ignoreInput: flag().optional(),
  /** An Enter within N ms of the last typed character inserts a newline instead of submitting. */
  submitGuardMs: millis().optional(),
  /** The input line and the `? for shortcuts` footer appear (and the script starts) after N ms. */
  readyDelayMs: millis().optional(),
  /** `--resume <id>` fails as for an unknown id (Claude: "No conversation found with session ID"). */
  refuseResume: flag().optional(),
});
export type Quirks = z.infer<typeof quirksSchema>;

export const SCREEN_STYLES = ['claude', 'unknown'] as const;
export type ScreenStyle = (typeof SCREEN_STYLES)[number];

/** A key of `phases`: a phase id, or `#N` for the N-th phase of the sequence (1-based). */
export const PHASE_KEY_PATTERN = new RegExp(`(${PHASE_ID_PATTERN.source})|^#[1-9][0-9]*$`);
const PHASE_KEY = 'must be a phase id or "#N" (the N-th phase, 1-based)';
const stepList = () => z.array(stepSchema, { error: 'must be a list of steps' });

export const roleScriptSchema = z.strictObject({
  /** Steps for every phase that has no entry in `phases`. */
  steps: stepList().optional(),
  /** Steps for particular phases, by phase id or "#N". */
  phases: z
    .record(z.string().regex(PHASE_KEY_PATTERN, { error: PHASE_KEY }), stepList(), {
      error: 'must be an object { "<phase id or #N>": [steps] }',
    })
    .optional(),
  quirks: quirksSchema.optional(),
  /**
   * How the screen is drawn: "claude" (default), Claude-Code-like so the recognisers read it, or
   * "unknown": a screen no dialect knows (no rules around a bare prompt, a spinner with other words
   * that still animates), as a new client release might draw it.
   */
  screen: z.enum(SCREEN_STYLES, { error: 'must be "claude" or "unknown"' }).optional(),
  /** Run the hooks of the --settings file the way Claude Code does (default true). */
  signals: flag().optional(),
});
export type RoleScript = z.infer<typeof roleScriptSchema>;

export const simScriptObject = z.strictObject({
  $schema: z.string().optional(),
  description: z.string({ error: 'must be a string' }).optional(),
  builder: roleScriptSchema.optional(),
  adversary: roleScriptSchema.optional(),
  orchestrator: roleScriptSchema.optional(),
  /** A configured team's other roles by name (`builder-2`, `lead`, …). */
  roles: z
    .record(z.string().regex(/^[A-Za-z0-9_-]+$/), roleScriptSchema, {
      error: 'must be an object { "<role name>": { steps, … } }',
    })
    .optional(),
});
/** A sim script: the three default roles by name, and any configured role's script by its name. */
export interface SimScript {
  readonly $schema?: string;
  readonly description?: string;
  readonly builder?: RoleScript;
  readonly adversary?: RoleScript;
  readonly orchestrator?: RoleScript;
  readonly roles?: Readonly<Record<string, RoleScript>>;
}
export const simScriptSchema: z.ZodType<SimScript> = simScriptObject;
