// A process's memory and CPU time as Linux reports them in /proc, for the idle-watchdog figure.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';

export interface ProcessUsage {
  /** Resident set size, bytes. */
  readonly rss: number;
  /** CPU seconds the process itself used (user + system). */
  readonly cpu: number;
  /** CPU seconds of its children that have exited and been waited for (git, tmux). */
  readonly childrenCpu: number;
}

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`; 100 on Linux). */
export async function clockTicks(): Promise<number> {
  const answer = await execa('getconf', ['CLK_TCK'], { reject: false });
  const ticks = Number(String(answer.stdout).trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
}

/** null when the process is gone or /proc is not there. */
export function processUsage(pid: number, ticks: number): ProcessUsage | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    const field = (n: number): number => Number(fields[n - 3] ?? 0);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    return {
      rss: rssKb * 1024,
      cpu: (field(14) + field(15)) / ticks,
      childrenCpu: (field(16) + field(17)) / ticks,
    };
  } catch {
    return null;
  }
}
