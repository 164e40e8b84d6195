// Plays the bundled demo script for Builder and Adversary against a toy watchdog on a fake clock:
// the timeline `launch demo` relies on (handoffs both ways, a limit, a stall, a declared wait, DONE).
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/config/roles.js';
import { FIXED_TEXTS, PING_CLAIM, PING_REVIEW, probeText } from '../../src/watchdog/messages.js';
import { selectProgram } from '../../src/sim/script-load.js';
import { makeContext, SimHarness, T0 } from './sim-harness.js';

const STEP_MS = 100;
const PING_DELAY_MS = 1000;
const LIMIT_SLACK_MS = 2000;
const STALL_IDLE_MS = 6000;

interface DemoEvent {
  readonly at: number;
  readonly what: string;
}

function agent(role: Role, phase: { id: string; index: number }, sim?: SimHarness, now = T0) {
  const program = selectProgram(null, '', role, phase);
  const ctx = makeContext(program.steps, {
    role,
    session: `loop-${role}`,
    phaseId: phase.id,
    phaseIndex: phase.index,
    statusFile: `STATUS-${phase.id}.md`,
    source: program.source,
  });
  return new SimHarness(ctx, sim ? sim.progress() : null, now);
}

function playDemo(): { events: DemoEvent[]; transcripts: string[] } {
  const events: DemoEvent[] = [];
  const transcripts: string[] = [];
  const phases = [
    { id: 'p1', index: 0 },
    { id: 'p2', index: 1 },
  ];
  let now = T0;
  const log = (what: string) => events.push({ at: Math.round((now - T0) / 100) / 10, what });
  for (const phase of phases) {
    const sims: Record<'builder' | 'adversary', SimHarness> = {
      builder: agent('builder', phase, undefined, now),
      adversary: agent('adversary', phase, undefined, now),
    };
    const pings: { at: number; to: 'builder' | 'adversary'; text: string }[] = [];
    const idleSince: Record<string, number | null> = { builder: null, adversary: null };
    let probed = false;
    let done = false;
    for (let guard = 0; guard < 10_000 && !done; guard++) {
      now += STEP_MS;
      for (const role of ['builder', 'adversary'] as const) {
        const sim = sims[role];
        sim.advance(now - sim.now);
        const { activity } = sim.model;
        if (activity.kind === 'git') {
          const request = activity.request;
          if (request.op === 'commit') {
            log(`${role} pushed ${request.subject}`);
            const to = request.subject.startsWith('claim') ? 'adversary' : 'builder';
            pings.push({
              at: now + PING_DELAY_MS,
              to,
              text: to === 'adversary' ? PING_CLAIM : PING_REVIEW,
            });
          }
          if (request.op === 'done') {
            log(`${role} wrote ## DONE`);
            done = true;
          }
          sim.gitDone([
            request.op === 'commit' ? `pushed ${request.subject}` : `did ${request.op}`,
          ]);
        }
        if (activity.kind === 'limited' && !probed && now >= activity.resetAt + LIMIT_SLACK_MS) {
          log(`${role} probed after the limit`);
          probed = true;
          sim.line(probeText(role));
          if (sim.model.activity.kind === 'resuming') log(`${role} resumed`);
        }
        const once = (what: string) => {
          if (!events.some((event) => event.what === what)) log(what);
        };
        if (activity.kind === 'limited') once(`${role} limited`);
        if (sim.model.activity.kind === 'idle') {
          idleSince[role] ??= now;
          if (now - (idleSince[role] ?? now) >= STALL_IDLE_MS) {
            log(`${role} rebooted (stall)`);
            transcripts.push(...sim.transcript());
            sims[role] = agent(role, phase, sim, now);
            idleSince[role] = null;
          }
        } else idleSince[role] = null;
        if (sim.model.activity.kind === 'declared-wait') once(`${role} declared a wait`);
      }
      for (const ping of pings.filter((candidate) => candidate.at <= now)) {
        const target = sims[ping.to];
        if (target.model.activity.kind === 'limited') continue;
        target.line(ping.text);
        log(`${ping.to} pinged`);
        pings.splice(pings.indexOf(ping), 1);
      }
    }
    now += 2000;
    log(`phase ${phase.id} advanced`);
    transcripts.push(...sims.builder.transcript(), ...sims.adversary.transcript());
  }
  return { events, transcripts };
}

describe('the bundled demo script', () => {
  it('shows handoffs both ways, a limit with probe and resume, a stall reboot, a declared wait, DONE per phase', () => {
    const { events } = playDemo();
    // Seconds of fake time; a real run adds git and tmux latency and the watchdog's tick.
    expect(events).toEqual([
      { at: 3, what: 'builder pushed claim(p1-g1): gate g1 is ready for review' },
      { at: 4, what: 'adversary pinged' },
      { at: 7.1, what: 'adversary pushed review(p1-g1): PASS' },
      { at: 8.1, what: 'builder pinged' },
      { at: 10.1, what: 'builder limited' },
      { at: 21, what: 'builder probed after the limit' },
      { at: 21, what: 'builder resumed' },
      { at: 25, what: 'builder pushed claim(p1-g2): gate g2 is ready for review' },
      { at: 26, what: 'adversary pinged' },
      { at: 28.1, what: 'adversary pushed review(p1-g2): PASS' },
      { at: 29.1, what: 'builder pinged' },
      { at: 29.2, what: 'builder wrote ## DONE' },
      { at: 31.2, what: 'phase p1 advanced' },
      { at: 39.2, what: 'builder rebooted (stall)' },
      { at: 41.2, what: 'builder pushed claim(p2-g1): gate g1 is ready for review' },
      { at: 42.2, what: 'adversary pinged' },
      { at: 44.3, what: 'adversary pushed review(p2-g1): PASS' },
      { at: 45.3, what: 'builder pinged' },
      { at: 45.4, what: 'builder declared a wait' },
      { at: 53.3, what: 'builder wrote ## DONE' },
      { at: 55.3, what: 'phase p2 advanced' },
    ]);
  });

  it('never prints anything a watchdog could misread as a banner, error, marker or spinner', () => {
    const { transcripts } = playDemo();
    const typed = new Set([...FIXED_TEXTS, probeText('builder')].map((text) => `> ${text}`));
    const own = transcripts.filter(
      (line) =>
        !typed.has(line) &&
        !line.startsWith('Claude AI usage limit reached|') &&
        !line.startsWith('WAITING-UNTIL: '),
    );
    expect(own.length).toBeGreaterThan(30);
    for (const line of own) {
      expect(line).not.toMatch(
        /spend limit|usage limit|limit reached|reached your .*limit|out of (credits|tokens)|hit your limit/i,
      );
      expect(line).not.toMatch(/cannot be modified|redacted_thinking|API Error/i);
      expect(line).not.toMatch(/WAITING-UNTIL|esc to interrupt/i);
    }
  });
});
