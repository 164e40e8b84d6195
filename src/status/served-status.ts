// The caller's side of a status answered by the watchdog (served-status-protocol.ts): asks the
// run's watchdog to run `launch status <args>` as this process would, and hands back what it
// printed; null whenever it does not (no watchdog, another build, another time zone…), and the
// caller then runs status itself.
import type { CliIo } from '../cli/io.js';
import {
  LAUNCH_BUILD,
  servable,
  servedStatusAnswerSchema,
  type ServedStatusRequest,
} from './served-status-protocol.js';
import { askWatchdogLine } from './watchdog-ask.js';

export interface ServedStatus {
  readonly code: number;
  readonly output: readonly (readonly [1 | 2, string])[];
}

/** What the watchdog said: its status, or why it did not answer (`LAUNCH_SERVED_STATUS=report`). */
export type ServedOutcome =
  { readonly served: ServedStatus } | { readonly served: null; readonly why: string };

const notServed = (why: string): ServedOutcome => ({ served: null, why });

/** `logDir`: the run's log dir as guessLogDir (early-look.ts) tells it from `args`, `env`, `cwd`. */
export async function servedStatus(
  logDir: string | null,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  io: Pick<CliIo, 'isTTY' | 'color' | 'terminalSize'>,
  build: string | null = LAUNCH_BUILD,
): Promise<ServedOutcome> {
  if (build === null) return notServed('not a bundled build');
  if (!servable(args)) return notServed('a live view or a login link');
  if (logDir === null) return notServed('the run is not told by the flags here alone');
  const size = io.isTTY ? io.terminalSize?.() : undefined;
  const request: ServedStatusRequest = {
    kind: 'status',
    logDir,
    build,
    args: [...args],
    cwd,
    env: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    isTTY: io.isTTY,
    color: io.color,
    columns: size?.columns ?? 80,
    rows: size?.rows ?? 24,
  };
  const line = await askWatchdogLine(logDir, request).line;
  if (line === null) return notServed('no watchdog answered');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return notServed('the watchdog answered something else');
  }
  const parsed = servedStatusAnswerSchema.safeParse(value);
  if (!parsed.success) return notServed('the watchdog answered something else');
  return parsed.data.ok
    ? { served: { code: parsed.data.code, output: parsed.data.output } }
    : notServed(`the watchdog: ${parsed.data.reason}`);
}
