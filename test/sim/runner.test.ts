import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/sim/model.js';
import { nextWakeAt } from '../../src/sim/wake-time.js';
import type { Step } from '../../src/sim/script-schema.js';
import { FATAL_ERROR, FOOTER } from '../../src/sim/texts.js';
import { makeContext, SimHarness, T0 } from './sim-harness.js';

const STATUS_ROW = 50 - 5;
const busyRow = (sim: SimHarness) => sim.screen()[STATUS_ROW];

describe('sim runner: starting', () => {
  it('shows no input box or footer until the ready delay has passed, then starts the script', () => {
    const sim = new SimHarness(
      makeContext([{ do: 'say', text: 'hello from {role} in {phase} ({phaseNumber})' }], {
        quirks: { readyDelayMs: 1500 },
      }),
    );
    expect(sim.model.ready).toBe(false);
    expect(sim.screen().at(-1)).toBe('');
    expect(sim.screen().some((row) => row.startsWith('─'))).toBe(false);
    expect(sim.transcript()).toEqual([]);
    sim.advance(1499);
    expect(sim.model.ready).toBe(false);
    sim.advance(1);
    expect(sim.model.ready).toBe(true);
    expect(sim.screen().at(-1)).toBe(FOOTER);
    expect(sim.transcript()).toEqual([
      '> (kickoff prompt: 2 lines, 29 characters)',
      '⏺ following test.json: 1 step',
      '⏺ hello from builder in p1 (1)',
      '⏺ script finished; nothing more to do',
    ]);
    expect(nextWakeAt(sim.model, sim.now)).toBeNull();
  });
});

describe('sim runner: work', () => {
  it('is busy with a ticking status line, then idle', () => {
    const sim = new SimHarness(makeContext([{ do: 'work', seconds: 3, note: 'building' }]));
    expect(sim.transcript().at(-1)).toBe('⏺ building');
    expect(busyRow(sim)).toBe('✻ Simulating… (0s · esc to interrupt)');
    expect(nextWakeAt(sim.model, sim.now)).toBe(T0 + 1000);
    sim.advance(1500);
    expect(busyRow(sim)).toBe('✻ Simulating… (1s · esc to interrupt)');
    sim.advance(1499);
    expect(busyRow(sim)).toBe('✻ Simulating… (2s · esc to interrupt)');
    sim.advance(1);
    expect(busyRow(sim)).toBe('');
    expect(sim.model.activity.kind).toBe('finished');
  });
});

describe('sim runner: git steps', () => {
  it('hands commit, pull and done to the driver with placeholders filled, busy meanwhile', () => {
    const sim = new SimHarness(
      makeContext([
        {
          do: 'commit',
          subject: 'claim({phase}-g1): ready',
          files: [{ path: 'work/{phase}.md', text: '{role} {statusFile}' }],
        },
        { do: 'pull' },
        { do: 'done' },
      ]),
    );
    expect(sim.pendingGit()).toEqual({
      op: 'commit',
      subject: 'claim(p1-g1): ready',
      files: [{ path: 'work/p1.md', text: 'builder STATUS-p1.md', append: false }],
      push: true,
    });
    expect(sim.commands).toEqual([{ kind: 'git', request: sim.pendingGit() }]);
    expect(busyRow(sim)).toMatch(/^✻ Simulating… \(0s/);
    sim.advance(10_000);
    expect(sim.model.activity.kind).toBe('git');
    sim.gitDone(['committed abc claim(p1-g1): ready', 'pushed claim(p1-g1): ready']);
    expect(sim.transcript().slice(-2)).toEqual([
      '⏺ committed abc claim(p1-g1): ready',
      '⏺ pushed claim(p1-g1): ready',
    ]);
    expect(sim.pendingGit()).toEqual({ op: 'pull' });
    sim.gitDone(['pulled origin/main: 1 new commit']);
    expect(sim.pendingGit()).toEqual({
      op: 'done',
      subject: 'done(p1): every gate PASSed',
      statusFile: 'STATUS-p1.md',
    });
    sim.gitDone(['git push failed: no network'], false);
    expect(sim.transcript()).toContain('⏺ git push failed: no network');
    expect(sim.model.activity.kind).toBe('finished');
  });

  it('ignores a git outcome that arrives when no git step runs', () => {
    const sim = new SimHarness(makeContext([{ do: 'work', seconds: 5 }]));
    sim.gitDone(['stray']);
    expect(sim.model.activity.kind).toBe('working');
    expect(sim.transcript()).not.toContain('⏺ stray');
  });
});

describe('sim runner: wait', () => {
  const steps: Step[] = [
    { do: 'work', seconds: 2 },
    { do: 'wait', match: 'claim\\(', waitingUntilSeconds: 60, note: 'waiting for a claim' },
    { do: 'say', text: 'got the claim' },
    { do: 'wait', match: 'review\\({phase}-', timeoutSeconds: 5 },
    { do: 'say', text: 'after the review wait' },
  ];

  it('counts lines received while busy, oldest matching first; others stay pending', () => {
    const sim = new SimHarness(makeContext(steps));
    sim.line('watchdog probe: something else');
    sim.line('ping: CLAIM (claim(...) commit)');
    expect(sim.model.pending).toHaveLength(2);
    sim.advance(2000);
    expect(sim.transcript()).toContain('⏺ got the claim');
    expect(sim.model.pending).toEqual(['watchdog probe: something else']);
    // The wait for a claim never had to wait, so it declared nothing.
    expect(sim.transcript().some((row) => row.startsWith('WAITING-UNTIL'))).toBe(false);
  });

  it('declares WAITING-UNTIL while it waits and goes on when a matching line arrives', () => {
    const sim = new SimHarness(makeContext(steps));
    sim.advance(2000);
    expect(sim.transcript().slice(-2)).toEqual([
      '⏺ waiting for a claim',
      'WAITING-UNTIL: 2026-01-15T12:01:02+00:00',
    ]);
    expect(busyRow(sim)).toBe('');
    expect(nextWakeAt(sim.model, sim.now)).toBeNull();
    sim.advance(30_000);
    sim.line('nothing to see');
    expect(sim.model.activity.kind).toBe('waiting');
    sim.line('the Builder pushed a claim(g1) commit');
    expect(sim.transcript().slice(-2)).toEqual([
      '> the Builder pushed a claim(g1) commit',
      '⏺ got the claim',
    ]);
    expect(sim.model.pending).toEqual(['nothing to see']);
  });

  it('fills placeholders into the pattern (escaped) and gives up after its timeout', () => {
    const sim = new SimHarness(makeContext(steps));
    sim.advance(2000);
    sim.line('claim(');
    sim.line('review(p2-g1)');
    expect(sim.model.activity.kind).toBe('waiting');
    sim.advance(4999);
    expect(sim.model.activity.kind).toBe('waiting');
    sim.advance(1);
    expect(sim.transcript().slice(-3)).toEqual([
      '⏺ nothing matching arrived in time; going on',
      '⏺ after the review wait',
      '⏺ script finished; nothing more to do',
    ]);

    const again = new SimHarness(makeContext(steps));
    again.advance(2000);
    again.line('claim(');
    again.line('REVIEW(P1-g1)');
    expect(again.transcript().at(-2)).toBe('⏺ after the review wait');
  });
});

describe('sim runner: usage limit', () => {
  const steps = (extra: Partial<Extract<Step, { do: 'limit' }>> = {}): Step[] => [
    { do: 'limit', resetSeconds: 10, ...extra },
    { do: 'say', text: 'after the limit' },
  ];

  it('prints the epoch banner, re-prints it for a line before the reset, resumes on one after', () => {
    const sim = new SimHarness(makeContext(steps({ resumeSeconds: 3 })), null, T0 + 400);
    const banner = `Claude AI usage limit reached|${(T0 + 11_000) / 1000}`;
    expect(sim.transcript().at(-1)).toBe(banner);
    expect(busyRow(sim)).toBe('');
    // It never resumes by itself.
    expect(nextWakeAt(sim.model, sim.now)).toBeNull();
    sim.advance(3_600_000);
    expect(sim.model.activity.kind).toBe('limited');

    const early = new SimHarness(makeContext(steps({ resumeSeconds: 3 })), null, T0 + 400);
    early.advance(5000);
    early.line('watchdog probe: resume');
    expect(early.transcript().slice(-3)).toEqual([banner, '> watchdog probe: resume', banner]);
    expect(early.model.activity.kind).toBe('limited');
    expect(early.model.pending).toEqual([]);

    early.advance(5600);
    early.line('watchdog probe: resume');
    // The old transcript (and its banner) is gone, the agent works again.
    expect(early.transcript()).toEqual([
      '> watchdog probe: resume',
      '⏺ the quota window is over; resuming',
    ]);
    expect(busyRow(early)).toMatch(/^✻ Simulating… \(0s · esc to interrupt\)$/);
    early.advance(3000);
    expect(early.transcript().at(-2)).toBe('⏺ after the limit');
    expect(busyRow(early)).toBe('');
  });

  it('keeps the transcript when clearOnResume is false, and goes straight on with resumeSeconds 0', () => {
    const sim = new SimHarness(makeContext(steps({ clearOnResume: false, resumeSeconds: 0 })));
    sim.advance(10_000);
    sim.line('go');
    expect(sim.transcript()[0]).toBe('> (kickoff prompt: 2 lines, 29 characters)');
    expect(sim.transcript().slice(-3)).toEqual([
      '⏺ the quota window is over; resuming',
      '⏺ after the limit',
      '⏺ script finished; nothing more to do',
    ]);
  });

  it('prints the time style in the sim zone, the real reset being the shown minute', () => {
    const utc = new SimHarness(makeContext(steps({ style: 'time' })), null, T0 + 20_000);
    expect(utc.transcript().at(-1)).toBe("You've hit your limit · resets 12:01pm (UTC)");
    utc.advance(39_999);
    utc.line('probe');
    expect(utc.model.activity.kind).toBe('limited');
    utc.advance(1);
    utc.line('probe');
    expect(utc.model.activity.kind).toBe('resuming');

    const newYork = new SimHarness(
      makeContext(steps({ style: 'time', resetSeconds: 3600 }), { zone: 'America/New_York' }),
    );
    expect(newYork.transcript().at(-1)).toBe(
      "You've hit your limit · resets 8:00am (America/New_York)",
    );
  });

  it('keeps the same reset across a restart, and a restart after the reset is not limited', () => {
    const sim = new SimHarness(makeContext(steps()));
    const progress = sim.progress();
    expect(progress).toMatchObject({ stepIndex: 0, limitResetAt: T0 + 10_000 });
    const restarted = new SimHarness(makeContext(steps()), progress, T0 + 4000);
    expect(restarted.transcript().at(-1)).toBe(
      `Claude AI usage limit reached|${(T0 + 10_000) / 1000}`,
    );
    const late = new SimHarness(makeContext(steps()), progress, T0 + 10_000);
    expect(late.transcript().slice(-3)).toEqual([
      '⏺ started after the quota window; going on',
      '⏺ after the limit',
      '⏺ script finished; nothing more to do',
    ]);
  });
});

describe('sim runner: steps only a reboot ends', () => {
  it('idle: no marker, no timer, and counted as done for the restart', () => {
    const steps: Step[] = [
      { do: 'idle', note: 'stuck' },
      { do: 'say', text: 'after' },
    ];
    const sim = new SimHarness(makeContext(steps));
    expect(sim.model.activity.kind).toBe('idle');
    expect(nextWakeAt(sim.model, sim.now)).toBeNull();
    sim.line('ping');
    sim.advance(86_400_000);
    expect(sim.model.activity.kind).toBe('idle');
    expect(sim.progress()).toMatchObject({ stepIndex: 1, pending: ['ping'], boots: 1 });
    const restarted = new SimHarness(makeContext(steps), sim.progress());
    expect(restarted.transcript()).toContain(
      '⏺ restarted (start 2 in phase p1); going on at step 2 of 2 (say)',
    );
    expect(restarted.transcript()).toContain('⏺ after');
    expect(restarted.model.pending).toEqual(['ping']);
  });

  it('fatal: prints the contract error, again for every line, and counts as done', () => {
    const sim = new SimHarness(makeContext([{ do: 'fatal' }]));
    expect(sim.transcript().at(-1)).toBe(FATAL_ERROR);
    sim.line('hello?');
    expect(sim.transcript().slice(-2)).toEqual(['> hello?', FATAL_ERROR]);
    expect(sim.progress().stepIndex).toBe(1);
    expect(sim.model.pending).toEqual([]);
  });

  it('exit: asks the driver to exit with the code, counted as done', () => {
    const sim = new SimHarness(
      makeContext([
        { do: 'exit', code: 3 },
        { do: 'say', text: 'x' },
      ]),
    );
    expect(sim.commands).toEqual([{ kind: 'exit', code: 3 }]);
    expect(sim.progress().stepIndex).toBe(1);
    const restarted = new SimHarness(
      makeContext([
        { do: 'exit', code: 3 },
        { do: 'say', text: 'x' },
      ]),
      sim.progress(),
    );
    expect(restarted.commands).toEqual([]);
  });
});

describe('sim runner: declared wait and restarts', () => {
  const steps: Step[] = [
    { do: 'declare-wait', seconds: 30, note: 'waiting for CI' },
    { do: 'say', text: 'CI done' },
  ];

  it('prints WAITING-UNTIL, sits idle, then goes on', () => {
    const sim = new SimHarness(makeContext(steps, { zone: 'Europe/Berlin' }));
    expect(sim.transcript().slice(-2)).toEqual([
      '⏺ waiting for CI',
      'WAITING-UNTIL: 2026-01-15T13:00:30+01:00',
    ]);
    expect(busyRow(sim)).toBe('');
    expect(sim.progress().waitUntil).toBe(T0 + 30_000);
    sim.advance(30_000);
    expect(sim.transcript().slice(-3)).toEqual([
      '⏺ the declared wait is over; going on',
      '⏺ CI done',
      '⏺ script finished; nothing more to do',
    ]);
  });

  it('keeps the declared time across a restart', () => {
    const first = new SimHarness(makeContext(steps));
    const restarted = new SimHarness(makeContext(steps), first.progress(), T0 + 10_000);
    expect(restarted.transcript().at(-1)).toBe('WAITING-UNTIL: 2026-01-15T12:00:30+00:00');
    restarted.advance(20_000);
    expect(restarted.transcript()).toContain('⏺ CI done');
  });

  it('starts a new phase from the beginning, dropping the old phase lines', () => {
    const progress: Progress = {
      phaseId: 'p1',
      stepIndex: 1,
      pending: ['old ping'],
      boots: 3,
      limitResetAt: null,
      waitUntil: null,
    };
    const next = new SimHarness(makeContext(steps, { phaseId: 'p2', phaseIndex: 1 }), progress);
    expect(next.model.boots).toBe(1);
    expect(next.model.pending).toEqual([]);
    expect(next.transcript()).toContain('⏺ waiting for CI');
  });

  it('clamps a position past the end of a changed script', () => {
    const progress: Progress = {
      phaseId: 'p1',
      stepIndex: 9,
      pending: [],
      boots: 1,
      limitResetAt: null,
      waitUntil: null,
    };
    const sim = new SimHarness(makeContext(steps), progress);
    expect(sim.transcript()).toContain(
      '⏺ restarted (start 2 in phase p1); going on at the end of the script',
    );
    expect(sim.model.activity.kind).toBe('finished');
    expect(sim.progress().stepIndex).toBe(2);
  });
});
