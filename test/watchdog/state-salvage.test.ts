// Salvaging a damaged state.json field by field (issue 13, item 3): what validates is kept — a limit
// window above all — a field that fails is never acted on, and a lost handoff cursor falls back to
// the ledger's last ping/baseline head.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendEvents, readEvents } from '../../src/adapters/ledger.js';
import { prepareStateForStart, readState, statePath } from '../../src/adapters/state-store.js';
import {
  ledgerCursor,
  ledgerPhase,
  loadStateForRun,
  salvageState,
} from '../../src/watchdog/state-salvage.js';
import { freshRecord, initialState, type WatchdogState } from '../../src/watchdog/state.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { tempDir } from '../helpers/temp-dir.js';

const PHASES = ['p1', 'p2', 'p3', 'p4'];
const LIMITED = {
  kind: 'limited',
  since: '2026-12-06T01:00:00.000Z',
  until: '2026-12-06T05:00:00.000Z',
  resetAt: '2026-12-06T04:59:00.000Z',
  probes: 0,
  banner: "You've hit your limit · resets 5am",
} as const;

function goodState(): WatchdogState {
  return {
    ...initialState(2),
    sessions: {
      builder: freshRecord(LIMITED, 'limit banner', '2026-12-06T00:00:00.000Z', 2),
      adversary: freshRecord({ kind: 'idle', since: '2026-12-06T01:00:00.000Z' }, 'idle', null, 2),
    },
    handoff: {
      lastSha: 'a'.repeat(40),
      inboxes: { 'BUILDER-INBOX.md': 'h1' },
      pending: [
        {
          role: 'adversary',
          text: 'ping',
          cause: 'claim(g1)',
          since: '2026-12-06T01:00:00.000Z',
          attempts: 0,
          also: [],
        },
      ],
    },
    wake: { lastAt: '2026-12-06T00:30:00.000Z' },
  };
}

const ev = (type: string, extra: Record<string, unknown>): LedgerEvent => ({
  ts: '2026-12-06T00:00:00.000Z',
  type,
  ...extra,
});

describe('state salvage', () => {
  it('keeps every session, the cursor and the held pings when only one field is damaged', () => {
    const damaged = { ...goodState(), notices: 'not a record' };
    const salvage = salvageState(JSON.stringify(damaged), [], PHASES);
    expect(salvage.state).toEqual({ ...goodState(), notices: {} });
    expect(salvage.lost).toEqual(['notices']);
    expect(salvage.salvaged).toEqual(
      expect.arrayContaining([
        'phaseIndex',
        'sessions.builder',
        'sessions.adversary',
        'handoff.lastSha',
        'handoff.inboxes',
        'handoff.pending',
        'wake',
      ]),
    );
    expect(salvage.cursorFrom).toBe('state');
    expect(salvage.phaseFrom).toBe('state');
  });

  it('keeps a limit window whose record is damaged around it, and drops a session it cannot read', () => {
    const state = goodState() as unknown as Record<string, Record<string, Record<string, unknown>>>;
    const sessions = state.sessions!;
    sessions.builder = { ...sessions.builder, restarts: 'garbage', backoffLevel: -3 };
    sessions.adversary = { ...sessions.adversary, state: { kind: 'nonsense' } };
    const salvage = salvageState(JSON.stringify(state), [], PHASES);
    expect(salvage.state.sessions.builder).toEqual({
      state: LIMITED,
      why: 'limit banner',
      restarts: [],
      backoffLevel: 0,
      startedAt: '2026-12-06T00:00:00.000Z',
      phaseIndex: 2,
      screen: null,
      lastActiveAt: null,
      unrecognisedLooks: 0,
      motionIgnoredAt: null,
      evidence: [],
    });
    expect(salvage.state.sessions.adversary).toBeUndefined();
    expect(salvage.lost).toContain('sessions.adversary');
  });

  it("keeps a team role's limit window too (builder-2, not only the three default roles)", () => {
    const state = goodState();
    const withTeam = {
      ...state,
      sessions: { ...state.sessions, 'builder-2': state.sessions.builder, 'bad name!': {} },
      notices: 'not a record',
    };
    const salvage = salvageState(JSON.stringify(withTeam), [], PHASES);
    expect(salvage.state.sessions['builder-2']?.state).toEqual(LIMITED);
    expect(salvage.salvaged).toContain('sessions.builder-2');
    expect(salvage.lost).toContain('sessions.bad name!');
    expect(salvage.state.sessions).not.toHaveProperty('bad name!');
  });

  it('never moves phase on a phase index that fails validation: the ledger says, else phase 1', () => {
    const state = { ...goodState(), phaseIndex: '3' };
    const ledger = [
      ev('watchdog-started', { phase: 'p1' }),
      ev('phase-advanced', { from: 'p1', to: 'p2', phase: 'p2', index: 1 }),
    ];
    const fromLedger = salvageState(JSON.stringify(state), ledger, PHASES);
    expect(fromLedger.state.phaseIndex).toBe(1);
    expect(fromLedger.phaseFrom).toBe('ledger');
    expect(fromLedger.lost).toContain('phaseIndex');
    const nothing = salvageState(JSON.stringify({ ...state, phaseIndex: 2.5 }), [], PHASES);
    expect(nothing.state.phaseIndex).toBe(0);
    expect(nothing.phaseFrom).toBe('default');
    expect(ledgerPhase([ev('watchdog-started', { phase: 'gone' })], PHASES)).toBeNull();
  });

  it('falls back to the ledger last ping or baseline head for a lost cursor, else baselines', () => {
    const ledger = [
      ev('handoff-baseline', { head: 'b'.repeat(40) }),
      ev('handoff-ping', { role: 'adversary', head: 'c'.repeat(40) }),
      ev('handoff-ping', { role: 'builder' }), // written before pings carried their head
    ];
    expect(ledgerCursor(ledger)).toBe('c'.repeat(40));
    const state = goodState() as unknown as { handoff: Record<string, unknown> };
    state.handoff.lastSha = 42;
    const salvage = salvageState(JSON.stringify(state), ledger, PHASES);
    expect(salvage.state.handoff.lastSha).toBe('c'.repeat(40));
    expect(salvage.cursorFrom).toBe('ledger');
    expect(salvage.lost).toContain('handoff.lastSha');
    const none = salvageState('{ torn', [], PHASES);
    expect(none.cursorFrom).toBe('baseline');
    expect(none.state).toEqual(initialState(0));
    expect(none.salvaged).toEqual([]);
  });

  it('loadStateForRun moves the file aside and says what it kept and where the cursor came from', () => {
    const logDir = tempDir();
    appendEvents(logDir, [
      ev('watchdog-started', { phase: 'p3' }),
      ev('handoff-baseline', { head: 'd'.repeat(40) }),
    ]);
    const state = goodState() as unknown as Record<string, unknown>;
    state.handoff = 'truncated';
    writeFileSync(statePath(logDir), JSON.stringify(state));
    const loaded = loadStateForRun(logDir, PHASES, new Date('2026-12-06T02:00:00Z'));
    expect(loaded.state.phaseIndex).toBe(2);
    expect(loaded.state.sessions.builder?.state).toEqual(LIMITED);
    expect(loaded.state.handoff.lastSha).toBe('d'.repeat(40));
    expect(loaded.events).toEqual([
      expect.objectContaining({
        type: 'state-recovered',
        cursorFrom: 'ledger',
        phaseIndex: 2,
        salvaged: expect.arrayContaining(['phaseIndex', 'sessions.builder']) as unknown,
      }),
    ]);
    expect(existsSync(statePath(logDir))).toBe(false);
    expect(readdirSync(logDir).some((name) => name.startsWith('state.corrupt-'))).toBe(true);
  });

  it('launch start --resume salvages the phase and the cursor of a damaged file, with fresh sessions', () => {
    const logDir = tempDir();
    appendEvents(logDir, [ev('handoff-ping', { role: 'adversary', head: 'e'.repeat(40) })]);
    const state = goodState() as unknown as { handoff: Record<string, unknown> };
    state.handoff.lastSha = { torn: true };
    writeFileSync(statePath(logDir), JSON.stringify(state));
    expect(prepareStateForStart(logDir, { resume: true, total: 4, phaseIds: PHASES })).toBe(2);
    const written = readState(logDir);
    expect(written.ok && written.value).toMatchObject({
      phaseIndex: 2,
      sessions: {},
      handoff: { lastSha: 'e'.repeat(40), pending: [] },
    });
    expect(readEvents(logDir).at(-1)).toMatchObject({
      type: 'state-recovered',
      cursorFrom: 'ledger',
    });
  });
});
