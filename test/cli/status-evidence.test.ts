// `launch status` names the evidence behind each session's state: the screen, its motion, the
// agent's signals and transcript — in the WHY column for people and as `evidence` in --json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { freshRecord, initialState, type WatchdogState } from '../../src/watchdog/state.js';
import { privateTmux } from '../helpers/private-tmux.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const world = privateTmux('status-evidence');
afterAll(() => world.dispose());

describe('launch status with evidence', () => {
  it('shows an unrecognised session with its sources, and lists them in --json', async () => {
    const plan = tempDir();
    expect((await runLaunch(['init', plan], { cwd: plan })).exitCode).toBe(0);
    const logDir = join(plan, '.launch');
    mkdirSync(logDir, { recursive: true });
    const now = new Date();
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
    // A running pane for the builder (the state file is what the watchdog saw).
    const created = await world.tmux.newSession({
      name: 'loop-builder',
      cwd: plan,
      command: ['sleep', '600'],
      env: {},
      width: 200,
      height: 50,
      keepDeadPane: false,
    });
    expect(created.ok).toBe(true);
    const holder = execa(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'watchdog'], {
      reject: false,
    });
    try {
      writeFileSync(
        join(logDir, 'watchdog.lock'),
        JSON.stringify({ pid: holder.pid, startedAt: ago(3600), host: hostname() }),
      );
      const state: WatchdogState = {
        ...initialState(0),
        sessions: {
          builder: {
            ...freshRecord(
              { kind: 'unrecognised', since: ago(240) },
              'no dialect recognises its screen (claude 9.0.0); watched on motion, signals and transcript',
              ago(3000),
              0,
            ),
            evidence: [
              {
                source: 'screen',
                verdict: 'unknown',
                workAt: null,
                detail: 'no dialect recognises this screen',
              },
              { source: 'motion', verdict: 'idle', workAt: ago(240), detail: 'static for 4m' },
              {
                source: 'signals',
                verdict: 'idle',
                workAt: ago(180),
                detail: 'turn complete 3m ago',
              },
              {
                source: 'transcript',
                verdict: 'idle',
                workAt: ago(175),
                detail: 'written 2m55s ago',
              },
            ],
          },
        },
      };
      writeFileSync(join(logDir, 'state.json'), JSON.stringify(state));
      const status = async (args: string[]): Promise<string> => {
        let out = '';
        const code = await main(['status', ...args], {
          env: { LAUNCH_TMUX_SOCKET: world.socket, TZ: 'UTC' },
          cwd: plan,
          io: { out: (text) => (out += text), err: () => undefined, isTTY: false, color: false },
          now: () => now,
          launchBin: '/bin/false',
        });
        expect(code).toBe(0);
        return out;
      };
      const human = await status([]);
      expect(human).toMatch(
        /^builder\s+loop-builder\s+unrecognised\s+4m\s+no dialect recognises its screen \(claude 9\.0\.0\).* · screen still 4m · signals: quiet 3m · transcript 2m ago$/m,
      );
      const json = JSON.parse(await status(['--json'])) as {
        sessions: {
          role: string;
          state: string;
          evidence: { source: string; verdict: string }[];
        }[];
      };
      const builder = json.sessions.find((session) => session.role === 'builder');
      expect(builder?.state).toBe('unrecognised');
      expect(builder?.evidence.map((item) => `${item.source}:${item.verdict}`)).toEqual([
        'screen:unknown',
        'motion:idle',
        'signals:idle',
        'transcript:idle',
      ]);
    } finally {
      holder.kill();
      await holder;
    }
  });
});
