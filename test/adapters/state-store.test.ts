import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  prepareStateForStart,
  readState,
  statePath,
  writeState,
} from '../../src/adapters/state-store.js';
import { loadStateForRun } from '../../src/watchdog/state-salvage.js';
import { freshRecord, initialState } from '../../src/watchdog/state.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('state store', () => {
  it('writes atomically and reads back what it wrote', () => {
    const logDir = tempDir();
    const state = {
      ...initialState(2),
      sessions: {
        builder: freshRecord(
          {
            kind: 'limited',
            since: '2026-01-01T00:00:00.000Z',
            until: '2026-01-01T01:00:00.000Z',
            resetAt: null,
            probes: 1,
            banner: 'x',
          },
          'limited',
          null,
          2,
        ),
      },
    };
    writeState(logDir, state);
    expect(readState(logDir)).toEqual({ ok: true, value: state });
    // no temp files left behind
    expect(readdirSync(logDir)).toEqual(['state.json']);
  });

  it('reports a damaged or invalid file as corrupt, a missing one as missing', () => {
    const logDir = tempDir();
    expect(readState(logDir)).toEqual({ ok: false, error: { reason: 'missing' } });
    writeFileSync(statePath(logDir), '{"version":1,"phaseIndex":-1}');
    expect(readState(logDir)).toMatchObject({ ok: false, error: { reason: 'corrupt' } });
  });

  it('launch start: fresh resets everything; --resume keeps the phase and the handoff cursor', () => {
    const logDir = tempDir();
    writeState(logDir, {
      ...initialState(3),
      handoff: {
        lastSha: 'abc',
        inboxes: { 'BUILDER-INBOX.md': 'h' },
        pending: [{ role: 'builder', text: 't', cause: 'c', since: 's', attempts: 0, also: [] }],
      },
      sessions: { builder: freshRecord({ kind: 'idle', since: 's' }, 'x', null, 3) },
    });
    expect(prepareStateForStart(logDir, { resume: true, total: 5 })).toBe(3);
    const resumed = readState(logDir);
    expect(resumed.ok && resumed.value).toMatchObject({
      phaseIndex: 3,
      sessions: {},
      handoff: { lastSha: 'abc', inboxes: { 'BUILDER-INBOX.md': 'h' }, pending: [] },
    });
    expect(prepareStateForStart(logDir, { resume: true, total: 2 })).toBe(1);
    expect(prepareStateForStart(logDir, { resume: false, total: 5 })).toBe(0);
    expect(readState(logDir)).toEqual({ ok: true, value: initialState(0) });
  });

  it('the watchdog moves a damaged state aside, keeping a readable phase index', () => {
    const logDir = tempDir();
    writeFileSync(
      statePath(logDir),
      JSON.stringify({ version: 1, phaseIndex: 4, sessions: 'garbage' }),
    );
    const loaded = loadStateForRun(
      logDir,
      ['a', 'b', 'c', 'd', 'e', 'f'],
      new Date('2026-11-22T10:00:00Z'),
    );
    expect(loaded.state.phaseIndex).toBe(4);
    expect(loaded.events).toEqual([
      expect.objectContaining({ type: 'state-recovered', phaseIndex: 4 }),
    ]);
    expect(existsSync(statePath(logDir))).toBe(false);
    const aside = readdirSync(logDir).find((name) => name.startsWith('state.corrupt-'));
    expect(aside && JSON.parse(readFileSync(join(logDir, aside), 'utf8'))).toMatchObject({
      sessions: 'garbage',
    });
    writeFileSync(statePath(logDir), '{ torn');
    expect(
      loadStateForRun(logDir, ['a', 'b', 'c', 'd', 'e', 'f'], new Date()).state.phaseIndex,
    ).toBe(0);
  });
});
