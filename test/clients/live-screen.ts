// Starts a real client in tmux on a private socket with a throw-away HOME (no credentials) and
// watches its screen: when it first draws, whether it exits, and its last live frame.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { uniqueSocketName } from '../helpers/private-tmux.js';

export interface LiveScreen {
  /** The last frame captured while the client was running (blank if it never drew). */
  readonly pane: string;
  /** Seconds from start to the first non-blank frame, or null. */
  readonly firstDrawSeconds: number | null;
  /** Seconds from start to the client's exit, or null if it was still running. */
  readonly exitedSeconds: number | null;
  /** Distinct frames seen (an animated logo or spinner keeps changing the screen). */
  readonly frames: number;
}

const isBlank = (pane: string) => pane.trim() === '';

/**
 * Runs `bin` for up to `deadlineMs`, stopping `settleMs` after its first drawing; the tmux server
 * is killed by its socket at the end.
 */
export async function watchFirstScreen(
  bin: string,
  options: { readonly deadlineMs: number; readonly settleMs: number },
): Promise<LiveScreen> {
  const socket = uniqueSocketName('client');
  const home = mkdtempSync(join(tmpdir(), 'launch-client-home-'));
  const work = mkdtempSync(join(tmpdir(), 'launch-client-work-'));
  const tmux = (args: string[]) =>
    execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], { reject: false });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  };
  try {
    await execa('git', ['init', '-q', work]);
    const started = Date.now();
    await tmux([
      'new-session',
      '-d',
      '-x',
      '200',
      '-y',
      '50',
      '-c',
      work,
      ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
      'env',
      '-i',
      ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
      bin,
    ]);
    await tmux(['set-option', '-g', 'remain-on-exit', 'on']);
    let pane = '';
    let firstDraw: number | null = null;
    let exited: number | null = null;
    let frames = 0;
    let previous = '';
    for (;;) {
      const elapsed = Date.now() - started;
      const dead = (await tmux(['display-message', '-p', '#{pane_dead}'])).stdout.trim() === '1';
      if (dead) {
        exited = elapsed / 1000;
        // What it printed before exiting stays on screen; drop tmux's own "Pane is dead" line.
        const last = String((await tmux(['capture-pane', '-p'])).stdout)
          .split('\n')
          .filter((line) => !/^Pane is dead\b/.test(line))
          .join('\n');
        if (!isBlank(last)) {
          pane = last;
          firstDraw ??= elapsed / 1000;
        }
        break;
      }
      const frame = String((await tmux(['capture-pane', '-p'])).stdout);
      if (frame !== previous) {
        frames += 1;
        previous = frame;
      }
      if (!isBlank(frame)) {
        pane = frame;
        firstDraw ??= elapsed / 1000;
      }
      if (elapsed >= options.deadlineMs) break;
      if (firstDraw !== null && elapsed >= firstDraw * 1000 + options.settleMs) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    return { pane, firstDrawSeconds: firstDraw, exitedSeconds: exited, frames };
  } finally {
    await tmux(['kill-server']);
    // A client's helper processes may still be writing under HOME for a moment after the kill.
    for (const dir of [home, work])
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
  }
}
