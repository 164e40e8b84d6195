// Starting `launch watchdog --respawn` as a process of its own: its own session and process group
// (setsid), no terminal, stdout discarded (the watchdog writes its log itself) and stderr appended
// to <log-dir>/watchdog.out (crash reports, the respawner's lines). Outside the agents' tmux server,
// so `tmux kill-server` (or losing that server any other way) takes the agents, not their supervisor.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { readLastLines } from '../adapters/file-follower.js';
import { isRespawnerAlive, readRespawnerRecord } from './respawn-record.js';

export const WATCHDOG_OUT = 'watchdog.out';

export interface DetachedStart {
  /** The node executable. */
  readonly node: string;
  /** Arguments after it: the launch script, `watchdog`, `--respawn`, ... */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly logDir: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts it and lets it go (this process may exit at once); its pid, or an error message. */
export function spawnDetachedRespawner(
  start: DetachedStart,
): { ok: true; pid: number } | { ok: false; error: string } {
  let fd: number;
  try {
    mkdirSync(start.logDir, { recursive: true });
    fd = openSync(join(start.logDir, WATCHDOG_OUT), 'a', 0o644);
  } catch (cause) {
    return { ok: false, error: `cannot open ${WATCHDOG_OUT}: ${(cause as Error).message}` };
  }
  try {
    const child = execa(start.node, [...start.args], {
      cwd: start.cwd,
      detached: true,
      stdin: 'ignore',
      stdout: 'ignore',
      // A file descriptor goes to the child as it is (execa passes numbers straight to spawn);
      // execa's types list only 3..9, hence the cast.
      stderr: fd as 3,
      reject: false,
      // It must outlive this process: never killed when we exit.
      cleanup: false,
      ...(start.env ? { env: start.env } : {}),
    });
    child.catch(() => undefined);
    child.unref();
    const pid = child.pid;
    if (pid === undefined) return { ok: false, error: 'the respawner did not start' };
    return { ok: true, pid };
  } finally {
    closeSync(fd);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the respawner `pid` has written its record (it runs, and `launch status` and `launch
 * stop` can find it), or has died (then: its last words in watchdog.out), bounded by `timeoutMs`.
 */
export async function awaitRespawnerUp(
  logDir: string,
  pid: number,
  timeoutMs = 15_000,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (readRespawnerRecord(logDir)?.pid === pid) return { ok: true };
    if (!isRespawnerAlive(pid)) {
      await sleep(200); // its last line may still be on its way to the file
      if (readRespawnerRecord(logDir)?.pid === pid) return { ok: true };
      const last = readLastLines(join(logDir, WATCHDOG_OUT), 3)
        .text.split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .at(-1);
      return { ok: false, error: `its respawner exited at once${last ? `: ${last}` : ''}` };
    }
    await sleep(50);
  }
  return { ok: false, error: `its respawner (pid ${pid}) did not come up in ${timeoutMs / 1000}s` };
}
