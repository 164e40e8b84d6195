// How a run and a session are named on the command line from anywhere: a run ref is `[host:]run`,
// a role ref `[[host:]run:]role` (the role is always the last component). Pure parsing; looking the
// run up is run-target.ts's job, reaching a host the `hosts` module's.
import { err, ok, type Result } from '../util/result.js';

/** A run's name: what `launch start` registers (a file name in the registry, no `:`). */
export const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A host as `ssh` takes it (`box`, `user@box`, an alias from ~/.ssh/config). Never starting with
 * `-`, so it can never be read as an ssh option.
 */
export const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.@%+-]*$/;

export interface RunRef {
  /** null: this machine. */
  readonly host: string | null;
  readonly run: string;
}

export interface RoleRef {
  readonly host: string | null;
  /** null: the run is implied (the plan dir here, or --run). */
  readonly run: string | null;
  /** As typed (the command checks it: a role, or `watchdog` for logs). */
  readonly role: string;
}

/** Said when a host is named on a machine without host support. */
export const HOSTS_UNSUPPORTED = 'hosts are not supported here';

export function runNameProblem(name: string): string | null {
  if (RUN_NAME.test(name)) return null;
  return `a run name is letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit), got ${JSON.stringify(name)}`;
}

function hostProblem(host: string): string | null {
  if (HOST_NAME.test(host)) return null;
  return `malformed host ${JSON.stringify(host)}: expected a name ssh accepts, such as box or user@box`;
}

/** `shop` or `box:shop`. */
export function parseRunRef(text: string): Result<RunRef, string> {
  const parts = text.split(':');
  if (parts.length > 2)
    return err(`a run is named as run or host:run, got ${JSON.stringify(text)}`);
  const run = parts.at(-1) ?? '';
  const host = parts.length === 2 ? (parts[0] ?? '') : null;
  if (host !== null) {
    const problem = hostProblem(host);
    if (problem !== null) return err(problem);
  }
  const problem = runNameProblem(run);
  if (problem !== null) return err(problem);
  return ok({ host, run });
}

/** `builder`, `shop:builder` or `box:shop:builder`. */
export function parseRoleRef(text: string): Result<RoleRef, string> {
  const parts = text.split(':');
  if (parts.length > 3)
    return err(
      `a session is named as role, run:role or host:run:role, got ${JSON.stringify(text)}`,
    );
  const role = parts.at(-1) ?? '';
  if (role === '') return err(`no role after the run in ${JSON.stringify(text)}`);
  if (parts.length === 1) return ok({ host: null, run: null, role });
  const runRef = parseRunRef(parts.slice(0, -1).join(':'));
  if (!runRef.ok) return runRef;
  return ok({ ...runRef.value, role });
}

/** The ref as typed back (`box:shop`, `shop`). */
export function formatRunRef(ref: RunRef): string {
  return ref.host === null ? ref.run : `${ref.host}:${ref.run}`;
}
