// A dead pane's exit: its status and last words, without escapes, tmux's notice or the input box.
import { describe, expect, it } from 'vitest';
import { dialectFor } from '../../src/screen/dialects.js';
import { decide } from '../../src/watchdog/decide.js';
import { exitWhy, paneExit } from '../../src/watchdog/pane-exit.js';
import { settle } from '../../src/watchdog/settle.js';
import type { Action } from '../../src/watchdog/types.js';
import { at, gone, iso, running, SETTINGS, snapshot, stateWith } from './fixtures.js';

const sim = dialectFor('sim');
const inputArea = (text: string) => sim.inputArea(text);

describe('paneExit', () => {
  it('keeps the last words above the input box the TUI left drawn', () => {
    const screen = [
      '✻ launch sim · builder · phase p1',
      '',
      '● working on the cache layer',
      '● fatal: cannot open the database',
      '● exiting with code 3',
      '',
      '',
      '─'.repeat(40),
      '> ',
      '─'.repeat(40),
      '  ? for shortcuts',
      '',
      'Pane is dead (status 3, Sun Dec  6 04:00:00 2026)',
      '',
    ].join('\n');
    const exit = paneExit(screen, { status: 3 }, inputArea);
    expect(exit.status).toBe(3);
    expect(exit.lastWords).toBe(
      [
        '✻ launch sim · builder · phase p1',
        '● working on the cache layer',
        '● fatal: cannot open the database',
        '● exiting with code 3',
      ].join('\n'),
    );
  });

  it('strips terminal control sequences', () => {
    const exit = paneExit('\u001b[31mError:\u001b[0m out of memory\u001b]0;title\u0007\n', {
      status: 137,
    });
    expect(exit.lastWords).toBe('Error: out of memory');
  });

  it('keeps words that merely sit at the bottom (no box there)', () => {
    const exit = paneExit('line one\nline two\nSegmentation fault\n', { status: 139 }, inputArea);
    expect(exit.lastWords).toMatch(/Segmentation fault$/);
  });

  it('says nothing when the pane said nothing', () => {
    expect(paneExit('\n\nPane is dead (status 1)\n', { status: null })).toEqual({
      status: null,
      lastWords: '',
    });
  });

  it('bounds the last words', () => {
    const exit = paneExit(`${'x'.repeat(2000)}\n`, { status: 1 });
    expect(exit.lastWords.length).toBeLessThanOrEqual(400);
  });

  it('words the why with the status when tmux recorded one', () => {
    expect(exitWhy({ status: 3, lastWords: '' })).toBe('its program exited with status 3');
    expect(exitWhy({ status: null, lastWords: '' })).toBe('its program exited');
    expect(exitWhy(undefined)).toBe('its program exited');
  });

  it('says which signal ended a program that has no exit status', () => {
    const exit = paneExit('working…\n', { status: null, signal: 1 });
    expect(exit).toEqual({ status: null, signal: 1, lastWords: 'working…' });
    expect(exitWhy(exit)).toBe('its program was killed by SIGHUP (signal 1)');
    expect(exitWhy({ status: null, signal: 9, lastWords: '' })).toBe(
      'its program was killed by SIGKILL (signal 9)',
    );
    expect(exitWhy({ status: null, signal: 77, lastWords: '' })).toBe(
      'its program was killed by signal 77',
    );
    // No signal: as before.
    expect(paneExit('x\n', { status: 2, signal: null })).toEqual({ status: 2, lastWords: 'x' });
  });
});

describe('a dead session through decide and settle', () => {
  it('asks for the start with the exit, and the ledger line carries exitStatus and lastWords', () => {
    const exit = { status: 3, lastWords: 'fatal: cannot open the database' };
    const dead = { ...gone('builder', 'dead'), paneTail: exit.lastWords, exit };
    const start = stateWith({ lastHeavyAt: iso(at(0)) });
    const heavy = decide(snapshot(at(300), [dead, running('adversary')]), start, SETTINGS);
    const action = heavy.actions.find(
      (candidate): candidate is Extract<Action, { kind: 'start-session' }> =>
        candidate.kind === 'start-session',
    );
    expect(action).toMatchObject({
      role: 'builder',
      reason: 'dead',
      why: 'its program exited with status 3',
      matched: 'fatal: cannot open the database',
      exit,
    });
    const settled = settle(
      heavy.state,
      [
        {
          kind: 'started',
          role: 'builder',
          reason: 'dead',
          ok: true,
          detail: 'kickoff typed',
          why: action?.why ?? '',
          matched: action?.matched ?? '',
          exit,
        },
      ],
      at(301),
    );
    expect(settled.events).toContainEqual(
      expect.objectContaining({
        type: 'session-restarted',
        role: 'builder',
        reason: 'dead',
        why: 'its program exited with status 3',
        exitStatus: 3,
        lastWords: 'fatal: cannot open the database',
      }),
    );
  });
});
