// The compiled sim agent in real tmux (private socket) inside a real git setup: the screen contract,
// typed lines, commits on origin, the usage-limit flow, and progress across a kill + restart.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProgress } from '../../src/sim/progress-store.js';
import { FATAL_ERROR } from '../../src/sim/texts.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeGitWorld, type GitWorld } from '../helpers/git-world.js';
import { inputBox, rows, startSim, typeLine, waitForScreen } from './sim-session.js';

const RULE = '─'.repeat(200);

describe('sim agent in tmux', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let repo: GitWorld;
  let logDir: string;

  /** The step a restart of the session would go on from, or null before anything was saved. */
  const savedStep = (session: string): number | null => {
    const read = readProgress(logDir, session);
    return read.ok ? read.value.stepIndex : null;
  };

  beforeAll(async () => {
    world = privateTmux('sim');
    temp = makeTempDir('launch-sim-');
    repo = await makeGitWorld(temp.dir);
    logDir = join(temp.dir, 'logs');
    mkdirSync(logDir);
  });

  afterAll(async () => {
    await world.dispose();
    temp.remove();
  }, 90_000);

  it('draws the contract screen, takes a typed line and pushes a commit to origin', async () => {
    const { tmux } = world;
    await startSim(tmux, temp.dir, {
      name: 'screen-builder',
      role: 'builder',
      cwd: repo.builder,
      logDir,
      script: {
        builder: {
          steps: [
            { do: 'work', seconds: 2, note: 'building' },
            { do: 'wait', match: 'hello', waitingUntilSeconds: 60 },
            { do: 'say', text: 'got the hello' },
            {
              do: 'commit',
              subject: 'claim({phase}-g1): from tmux',
              files: [{ path: 'work/{phase}.md', text: 'made by {role}\n' }],
            },
            { do: 'idle' },
          ],
        },
      },
    });

    const busy = await waitForScreen(tmux, 'screen-builder', 'busy status line', (screen) =>
      screen.some((row) => row.startsWith('✻ Simulating… (')),
    );
    expect(busy).toHaveLength(50);
    expect(busy[0]).toBe('✻ launch sim · builder · phase p1');
    expect(busy[1]).toBe('');
    expect(busy[2]).toBe('> (kickoff prompt: 2 lines, 43 characters)');
    expect(busy[44]).toBe('');
    expect(busy[45]).toMatch(/^✻ Simulating… \(\d+s · esc to interrupt\)$/);
    expect(busy.slice(-4)).toEqual([RULE, '>', RULE, '  ? for shortcuts']);

    const waiting = await waitForScreen(
      tmux,
      'screen-builder',
      'idle with WAITING-UNTIL',
      (screen) => screen.some((row) => row.startsWith('WAITING-UNTIL: ')),
    );
    expect(waiting[45]).toBe('');
    const marker = waiting.find((row) => row.startsWith('WAITING-UNTIL: ')) ?? '';
    const until = Date.parse(marker.slice('WAITING-UNTIL: '.length));
    expect(marker).toMatch(/^WAITING-UNTIL: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(Math.abs(until - (Date.now() + 60_000))).toBeLessThan(15_000);

    await tmux.sendLiteral('screen-builder', 'hello from the test');
    await waitForScreen(tmux, 'screen-builder', 'typed text in the input line', (screen) =>
      inputBox(screen).rows.includes('> hello from the test'),
    );
    await tmux.sendKeys('screen-builder', ['Enter']);
    const received = await waitForScreen(tmux, 'screen-builder', 'line consumed by the wait', (s) =>
      s.includes('⏺ got the hello'),
    );
    expect(received).toContain('> hello from the test');
    expect(inputBox(received).rows).toEqual(['>']);

    await waitFor('claim on origin/main', async () =>
      (await repo.subjects()).includes('claim(p1-g1): from tmux'),
    );
    expect(await repo.show('work/p1.md')).toBe('made by builder');
    const pushed = await waitForScreen(tmux, 'screen-builder', 'push in the transcript', (s) =>
      s.includes('⏺ pushed claim(p1-g1): from tmux'),
    );
    expect(
      pushed.some((row) => /^⏺ committed [0-9a-f]+ claim\(p1-g1\): from tmux$/.test(row)),
    ).toBe(true);
    await waitFor('idle step saved as done', () => {
      return savedStep('screen-builder') === 5;
    });
  }, 90_000);

  it('sits in a usage limit, re-prints the banner before the reset and resumes after it', async () => {
    const { tmux } = world;
    await startSim(tmux, temp.dir, {
      name: 'limit-builder',
      role: 'builder',
      cwd: repo.builder,
      logDir,
      script: {
        builder: {
          steps: [
            { do: 'limit', resetSeconds: 6, resumeSeconds: 2 },
            { do: 'say', text: 'after the limit' },
            { do: 'idle' },
          ],
        },
      },
    });
    const limited = await waitForScreen(tmux, 'limit-builder', 'banner', (screen) =>
      screen.some((row) => row.startsWith('Claude AI usage limit reached|')),
    );
    const banner = limited.find((row) => row.startsWith('Claude AI')) ?? '';
    const resetAt = Number(banner.split('|')[1]) * 1000;
    expect(Math.abs(resetAt - (Date.now() + 6000))).toBeLessThan(10_000);
    expect(limited[45]).toBe('');
    expect(inputBox(limited).footer).toBe(true);

    // Typed before the reset: the banner comes again, nothing resumes.
    await typeLine(tmux, 'limit-builder', 'watchdog probe: early');
    const again = await waitForScreen(
      tmux,
      'limit-builder',
      'banner printed again',
      (screen) => screen.filter((row) => row === banner).length === 2,
    );
    expect(again.slice(2)).toEqual(
      expect.arrayContaining([banner, '> watchdog probe: early', banner]),
    );
    expect(again.at(-1)).toBe('  ? for shortcuts');

    await waitFor('the reset has passed', () => Date.now() > resetAt + 200, { timeoutMs: 15_000 });
    await typeLine(tmux, 'limit-builder', 'watchdog probe: late');
    const resumed = await waitForScreen(tmux, 'limit-builder', 'resumed and busy', (screen) =>
      screen.includes('⏺ the quota window is over; resuming'),
    );
    expect(resumed.some((row) => row.startsWith('Claude AI usage limit reached'))).toBe(false);
    await waitForScreen(tmux, 'limit-builder', 'after the limit', (screen) =>
      screen.includes('⏺ after the limit'),
    );
  }, 90_000);

  it('goes on after a kill + restart instead of replaying, and starts a new phase over', async () => {
    const { tmux } = world;
    const spec = {
      name: 'reboot-adv',
      role: 'adversary' as const,
      cwd: repo.adversary,
      logDir,
      script: {
        adversary: {
          steps: [
            { do: 'say' as const, text: 'first start' },
            { do: 'wait' as const, match: 'go' },
            { do: 'say' as const, text: 'went' },
            { do: 'idle' as const },
            { do: 'say' as const, text: 'after the reboot' },
            { do: 'fatal' as const },
          ],
        },
      },
    };
    await startSim(tmux, temp.dir, spec);
    await waitForScreen(tmux, 'reboot-adv', 'ready', (screen) => inputBox(screen).footer);
    await typeLine(tmux, 'reboot-adv', 'go');
    await waitForScreen(tmux, 'reboot-adv', 'idle', (screen) => screen.includes('⏺ went'));
    await waitFor('progress saved', () => {
      return savedStep('reboot-adv') === 4;
    });

    expect(await tmux.killSession('reboot-adv')).toBe(true);
    await startSim(tmux, temp.dir, spec);
    // The error is wider than the pane (206 columns), so it wraps onto a second row.
    const fatalRows = [FATAL_ERROR.slice(0, 200), FATAL_ERROR.slice(200)];
    const restarted = await waitForScreen(tmux, 'reboot-adv', 'fatal after restart', (screen) =>
      screen.includes(fatalRows[0] ?? ''),
    );
    expect(restarted[restarted.indexOf(fatalRows[0] ?? '') + 1]).toBe(fatalRows[1]);
    expect(restarted).toContain('⏺ restarted (start 2 in phase p1); going on at step 5 of 6 (say)');
    expect(restarted).toContain('⏺ after the reboot');
    expect(restarted).not.toContain('⏺ first start');
    await typeLine(tmux, 'reboot-adv', 'hello?');
    await waitForScreen(
      tmux,
      'reboot-adv',
      'fatal error again',
      (screen) => screen.filter((row) => row === fatalRows[0]).length === 2,
    );

    expect(await tmux.killSession('reboot-adv')).toBe(true);
    await startSim(tmux, temp.dir, { ...spec, phaseId: 'p2', phaseIndex: 1 });
    const nextPhase = await waitForScreen(tmux, 'reboot-adv', 'phase p2 from the start', (screen) =>
      screen.includes('⏺ first start'),
    );
    expect(nextPhase[0]).toBe('✻ launch sim · adversary · phase p2');
  }, 90_000);

  it('exits with the scripted code (the pane kept for inspection)', async () => {
    const { tmux } = world;
    await startSim(tmux, temp.dir, {
      name: 'exit-builder',
      role: 'builder',
      cwd: repo.builder,
      logDir,
      keepDeadPane: true,
      script: {
        builder: {
          steps: [
            { do: 'say', text: 'bye' },
            { do: 'exit', code: 3 },
          ],
        },
      },
    });
    const pane = await waitFor('pane dead', async () => {
      const panes = await tmux.listPanes();
      const found = panes.ok ? panes.value.find((p) => p.session === 'exit-builder') : undefined;
      return found?.dead ? found : undefined;
    });
    if (pane.deadStatus !== null) expect(pane.deadStatus).toBe(3);
    const screen = await rows(tmux, 'exit-builder');
    expect(screen).toContain('⏺ exiting with code 3');
    expect(savedStep('exit-builder')).toBe(2);
  }, 90_000);

  it('two agents pushing at once both land on origin/main; done writes ## DONE', async () => {
    const { tmux } = world;
    const burst = (role: string) =>
      Array.from({ length: 3 }, (_, i) => ({
        do: 'commit' as const,
        subject: `${role === 'builder' ? 'claim' : 'review'}(burst-${i}): ${role}`,
        files: [{ path: `burst/${role}-${i}.md`, text: `${i}\n` }],
      }));
    mkdirSync(join(repo.builder, 'machine-docs'), { recursive: true });
    await startSim(tmux, temp.dir, {
      name: 'burst-builder',
      role: 'builder',
      cwd: repo.builder,
      logDir,
      phaseId: 'p9',
      script: { builder: { steps: [...burst('builder'), { do: 'done' }, { do: 'idle' }] } },
    });
    await startSim(tmux, temp.dir, {
      name: 'burst-adv',
      role: 'adversary',
      cwd: repo.adversary,
      logDir,
      phaseId: 'p9',
      script: { adversary: { steps: [...burst('adversary'), { do: 'idle' }] } },
    });
    const expected = [
      ...burst('builder').map((step) => step.subject),
      ...burst('adversary').map((step) => step.subject),
      'done(p9): every gate PASSed',
    ];
    await waitFor(
      'all commits on origin/main',
      async () => {
        const subjects = await repo.subjects();
        return expected.every((subject) => subjects.includes(subject));
      },
      { timeoutMs: 60_000, describe: async () => (await repo.subjects()).join('\n') },
    );
    expect(await repo.show('machine-docs/STATUS-p9.md')).toMatch(/^## DONE — every gate PASSed/);
  }, 90_000);
});
