// `launch status` for someone coming back after a night: the watchdog's uptime, a watchdog that has
// stopped ticking flagged as stuck, and recent events in local time with the pane text behind them.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { initialState } from '../../src/watchdog/state.js';
import { uniqueSocketName } from '../helpers/private-tmux.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('launch status after a night away', () => {
  it('shows the watchdog’s uptime, flags one that stopped ticking, and quotes the pane', async () => {
    const plan = tempDir();
    expect((await runLaunch(['init', plan], { cwd: plan })).exitCode).toBe(0);
    const logDir = join(plan, '.launch');
    mkdirSync(logDir, { recursive: true });
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    // A live process that looks like a watchdog holds the lock; its last tick was 10 minutes ago.
    const holder = execa(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'watchdog'], {
      reject: false,
    });
    try {
      writeFileSync(
        join(logDir, 'watchdog.lock'),
        JSON.stringify({
          pid: holder.pid,
          startedAt: ago((3 * 60 + 10) * 60_000).toISOString(),
          host: hostname(),
        }),
      );
      writeFileSync(join(logDir, 'state.json'), JSON.stringify(initialState(0)));
      utimesSync(join(logDir, 'state.json'), ago(10 * 60_000), ago(10 * 60_000));
      writeFileSync(
        join(logDir, 'events.jsonl'),
        `${JSON.stringify({
          ts: ago(20 * 60_000).toISOString(),
          type: 'limit-armed',
          role: 'adversary',
          until: ago(-40 * 60_000).toISOString(),
          resetAt: ago(-39 * 60_000).toISOString(),
          matched: "You've hit your limit · resets 3pm (America/New_York)",
        })}\n`,
      );
      let out = '';
      const code = await main(['status'], {
        env: { LAUNCH_TMUX_SOCKET: uniqueSocketName('status'), TZ: 'UTC' },
        cwd: plan,
        io: { out: (text) => (out += text), err: () => undefined, isTTY: false, color: false },
        now: () => now,
        launchBin: '/bin/false',
      });
      expect(code).toBe(0);
      expect(out).toMatch(
        /^watchdog\s+loop-watchdog\s+running\s+3h10\s+pid \d+, last tick 10m ago — stuck\? see `launch logs watchdog`$/m,
      );
      expect(out).toMatch(/^ {2}\d\d:\d\d:\d\d {2}adversary {4}limited {12}until /m);
      expect(out).toContain("“You've hit your limit · resets 3pm (America/New_York)”");
    } finally {
      holder.kill();
      await holder;
    }
  });

  it('says when and why the watchdog last stopped, in red after a crash', async () => {
    const plan = tempDir();
    expect((await runLaunch(['init', plan], { cwd: plan })).exitCode).toBe(0);
    const logDir = join(plan, '.launch');
    mkdirSync(logDir, { recursive: true });
    const now = new Date();
    const stoppedAt = new Date(now.getTime() - 25 * 60_000);
    writeFileSync(join(logDir, 'state.json'), JSON.stringify(initialState(0)));
    writeFileSync(
      join(logDir, 'events.jsonl'),
      `${JSON.stringify({
        ts: stoppedAt.toISOString(),
        type: 'watchdog-stopped',
        pid: 4211,
        reason: 'crashed: boom in a watcher',
      })}\n`,
    );
    const status = async (color: boolean): Promise<string> => {
      let out = '';
      const code = await main(['status'], {
        env: { LAUNCH_TMUX_SOCKET: uniqueSocketName('status'), TZ: 'UTC' },
        cwd: plan,
        io: { out: (text) => (out += text), err: () => undefined, isTTY: color, color },
        now: () => now,
        launchBin: '/bin/false',
      });
      expect(code).toBe(0);
      return out;
    };
    expect(await status(false)).toMatch(
      /^watchdog\s+loop-watchdog\s+stopped\s+stopped 25m ago \(crashed: boom in a watcher\): `launch start --resume` restarts it$/m,
    );
    expect(await status(true)).toContain(
      '\u001b[31mstopped 25m ago (crashed: boom in a watcher): `launch start --resume` restarts it\u001b[0m',
    );
  });
});
