// What ended a process that has exited but is not reaped yet (a zombie), read from /proc: tmux now
// and then leaves a dead pane's program unreaped for a second or more (its SIGCHLD handled late),
// and until it reaps it, it has no exit status to report. Linux only; null anywhere else.
import { readFileSync } from 'node:fs';

export interface ProcessEnd {
  /** Its exit status; null when a signal ended it. */
  readonly status: number | null;
  /** The signal that ended it; null when it exited. */
  readonly signal: number | null;
}

/** How `pid` ended, when it is a zombie; null when it runs, is gone, or /proc cannot say. */
export function zombieExit(pid: number, procRoot = '/proc'): ProcessEnd | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let stat: string;
  try {
    stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state …": comm may hold spaces and parentheses; the fields follow the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] !== 'Z') return null;
  // Field 52 of proc(5), exit_code: the status as waitpid(2) reports it (field 3 is fields[0]).
  const code = Number(fields[49]);
  if (!Number.isInteger(code) || code < 0) return null;
  const signal = code & 0x7f;
  return signal === 0 ? { status: (code >> 8) & 0xff, signal: null } : { status: null, signal };
}
