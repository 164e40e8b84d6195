// File events end to end: the same run (handoffs both ways, a phases.json edit that is broken and
// then fixed, DONE lines) under three watchdogs — file events with polling out of the way
// (SIGNAL_INTERVAL 3600: every reaction after the first tick must come from a watcher), polling
// only, and both at once. All three must take the same decisions, each exactly once.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimScript } from '../../src/sim/script-schema.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { makeRig, ofType, type Rig } from '../helpers/launch-rig.js';

const SCRIPT: SimScript = {
  builder: {
    phases: {
      p1: [
        // time for the watchdog's first tick (the handoff baseline) before the claim lands
        { do: 'work', seconds: 3 },
        { do: 'commit', subject: 'claim(p1-g1): ready' },
        { do: 'wait', match: 'review', waitingUntilSeconds: 3600 },
        { do: 'done' },
      ],
      p2: [
        { do: 'work', seconds: 2 },
        { do: 'commit', subject: 'claim(p2-g1): ready' },
        { do: 'wait', match: 'review', waitingUntilSeconds: 3600 },
        { do: 'declare-wait', seconds: 3600 },
      ],
    },
    steps: [{ do: 'declare-wait', seconds: 3600 }],
  },
  adversary: {
    phases: {
      p1: [
        { do: 'wait', match: 'CLAIM', waitingUntilSeconds: 3600 },
        { do: 'commit', subject: 'review(p1-g1): PASS' },
        { do: 'declare-wait', seconds: 3600 },
      ],
      p2: [
        { do: 'wait', match: 'CLAIM', waitingUntilSeconds: 3600 },
        { do: 'commit', subject: 'review(p2-g1): PASS' },
        { do: 'declare-wait', seconds: 3600 },
      ],
    },
    steps: [{ do: 'declare-wait', seconds: 3600 }],
  },
};

const phaseEntry = (id: string) => ({ id, plan: `plan-${id}.md`, status: `STATUS-${id}.md` });

/** The decisions of a run, without the timing-dependent parts (session-state flips, heads, times). */
function decisions(events: readonly LedgerEvent[]): string[] {
  const kept = new Set([
    'handoff-baseline',
    'handoff-ping',
    'phase-advanced',
    'session-started',
    'session-restarted',
    'message-not-delivered',
    'phases-invalid',
    'phases-reloaded',
    'sequence-complete',
  ]);
  return events
    .filter((event) => kept.has(event.type))
    .map((event) =>
      [
        event.type,
        event.role ?? '',
        event.type === 'handoff-ping' ? String(event.reason) : '',
        event.type === 'phase-advanced' ? `${String(event.from)}→${String(event.to)}` : '',
        event.type === 'phases-reloaded' ? String(event.reason) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
}

async function run(config: Record<string, unknown>): Promise<{ events: LedgerEvent[] }> {
  const rig: Rig = await makeRig({ script: SCRIPT, config });
  const statusFile = (id: string) => join(rig.git.builder, `STATUS-${id}.md`);
  const manifest = join(rig.plan, 'phases', 'phases.json');
  try {
    const start = await rig.launch(['start']);
    expect(start.exitCode, start.stderr).toBe(0);
    // phase 1 ends by the Builder's own DONE; in phase 2 both agents hand off once more
    await rig.waitForEvent(
      'the review of phase 2 is pinged to the builder',
      (e) => e.type === 'handoff-ping' && e.role === 'builder' && /p2-g1/.test(String(e.reason)),
    );
    // a broken manifest edit is reported and the run goes on with the last good sequence
    writeFileSync(manifest, '[{"id":"p1","plan":"plan-p1.md","status":"STATUS-p1.md"},');
    await rig.waitForEvent('the broken manifest is reported', (e) => e.type === 'phases-invalid');
    writeFileSync(join(rig.plan, 'phases', 'plan-p3.md'), '# plan p3\n');
    writeFileSync(manifest, JSON.stringify(['p1', 'p2', 'p3'].map(phaseEntry)));
    await rig.waitForEvent('the fixed manifest is taken', (e) => e.type === 'phases-reloaded');
    appendFileSync(statusFile('p2'), '## DONE p2\n');
    await rig.waitForEvent(
      'phase 3 (added by the edit) starts',
      (e) => e.type === 'phase-advanced' && e.to === 'p3',
    );
    await rig.waitForEvent(
      'the adversary starts phase 3',
      (e) => e.type === 'session-started' && e.role === 'adversary' && /→ p3/.test(String(e.why)),
    );
    appendFileSync(statusFile('p3'), '## DONE p3\n');
    await rig.waitForEvent('sequence complete', (e) => e.type === 'sequence-complete');
    await rig.waitForEvent('the watchdog exits', (e) => e.type === 'watchdog-stopped');
    return { events: rig.events() };
  } finally {
    await rig.dispose();
  }
}

describe('file events and polling take the same decisions', () => {
  it('events only, polling only, and both: same decisions, each once', async () => {
    // SIGNAL_INTERVAL 3600: after the first tick, only a watcher can make anything happen.
    const eventsOnly = await run({ signalInterval: 3600, watchInterval: 3600, stallIdle: 3600 });
    const pollingOnly = await run({ watchEvents: false });
    // both paths fire for every change: a watcher tick, then polling ticks every 0.5 s
    const both = await run({ watchEvents: true });

    const expected = [
      'handoff-baseline',
      'handoff-ping adversary claim(p1-g1): ready',
      'handoff-ping builder review(p1-g1): PASS',
      'phase-advanced p1→p2',
      'session-started builder',
      'session-started adversary',
      'handoff-ping adversary claim(p2-g1): ready',
      'handoff-ping builder review(p2-g1): PASS',
      'phases-invalid',
      'phases-reloaded 2 → 3 phases: p1 p2 p3',
      'phase-advanced p2→p3',
      'session-started builder',
      'session-started adversary',
      'sequence-complete',
    ];
    expect(decisions(eventsOnly.events)).toEqual(expected);
    expect(decisions(pollingOnly.events)).toEqual(expected);
    expect(decisions(both.events)).toEqual(expected);

    // The events-only run never had a polling tick to lean on: it was started with file events
    // on, and it finished in far less time than one signal interval.
    const started = ofType(eventsOnly.events, 'watchdog-started')[0];
    const stopped = ofType(eventsOnly.events, 'watchdog-stopped')[0];
    expect(started?.reason).toMatch(/signal 3600s, .*file events on/);
    expect(Date.parse(stopped?.ts ?? '') - Date.parse(started?.ts ?? '')).toBeLessThan(3_600_000);
    expect(ofType(pollingOnly.events, 'watchdog-started')[0]?.reason).toMatch(/polling only/);
  }, 420_000);
});
