// `launch status` answered by the run's live watchdog: the request (the command line, environment
// and terminal of the caller) and the answer (what the CLI would have printed, and its exit code),
// and when a watchdog may answer at all. The watchdog runs the same status command in its own
// process, where everything is loaded already, with the caller's environment, directory and
// terminal injected; what the CLI takes from the process itself (the time zone, the temp folder,
// the locale, the build) must be the same on both sides, or the caller runs status itself.
import { z } from 'zod';

/**
 * What status takes from its process rather than from the environment it is handed: Date's time
 * zone (TZ), os.tmpdir() (TMPDIR), tmux's socket folder (TMUX_TMPDIR), the locale luxon is set to
 * at load (LC_ALL, LC_MESSAGES, LANG), and the home folder where HOME is unset.
 */
export const PROCESS_FACTS = [
  'TZ',
  'TMPDIR',
  'TMUX_TMPDIR',
  'LC_ALL',
  'LC_MESSAGES',
  'LANG',
  'HOME',
] as const;

/** The process facts that differ between the caller's environment and the watchdog's. */
export function differingFacts(
  caller: Readonly<Record<string, string | undefined>>,
  own: Readonly<Record<string, string | undefined>>,
): string[] {
  return PROCESS_FACTS.filter((name) => (caller[name] ?? '') !== (own[name] ?? ''));
}

/** The flags of `launch status` a watchdog does not answer: a live view, and a one-time login. */
const NOT_SERVED = new Set(['-w', '--watch', '--url']);

/** Whether `launch status <args>` may be answered by a watchdog. */
export const servable = (args: readonly string[]): boolean =>
  !args.some((word) => NOT_SERVED.has(word));

declare const __LAUNCH_BUILD__: string | undefined;
/**
 * This build's id (set by scripts/bundle-cli.mjs, one for all bundles of a build): a watchdog
 * answers only a caller of the same build, since it prints with its own code. null when not
 * bundled (tsc's dist/): such a process neither asks nor answers.
 */
export const LAUNCH_BUILD: string | null =
  typeof __LAUNCH_BUILD__ === 'string' ? __LAUNCH_BUILD__ : null;

export const servedStatusRequestSchema = z.strictObject({
  kind: z.literal('status'),
  /** The run asked about (the caller's guess): only its watchdog answers. */
  logDir: z.string(),
  build: z.string(),
  args: z.array(z.string()).max(64),
  cwd: z.string(),
  env: z.record(z.string(), z.string()),
  isTTY: z.boolean(),
  color: z.boolean(),
  columns: z.number().int().positive(),
  rows: z.number().int().positive(),
});
export type ServedStatusRequest = z.output<typeof servedStatusRequestSchema>;

export const servedStatusAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    code: z.number().int().min(0).max(255),
    /** What it wrote, in order: to stdout (1) or stderr (2). */
    output: z.array(z.tuple([z.union([z.literal(1), z.literal(2)]), z.string()])),
  }),
  z.strictObject({ ok: z.literal(false), reason: z.string() }),
]);
export type ServedStatusAnswer = z.output<typeof servedStatusAnswerSchema>;
