// The live view's pure parts: cutting lines to the terminal, frames no taller than the screen,
// in-place redraws, and the plain event feed for pipes.
import { describe, expect, it } from 'vitest';
import {
  EventFeed,
  InPlaceScreen,
  fitToHeight,
  fitToWidth,
  renderFrame,
} from '../../src/demo/live-view.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';

const RED = '\u001b[31m';
const RESET = '\u001b[0m';

describe('fitToWidth', () => {
  it('leaves a line that fits alone and cuts a longer one with a mark', () => {
    expect(fitToWidth('abc', 10)).toBe('abc');
    expect(fitToWidth('abcdefghij', 10)).toBe('abcdefghij');
    expect(fitToWidth('abcdefghijk', 10)).toBe('abcdefghi…');
  });

  it('does not count colour codes, and closes a colour it cut', () => {
    expect(fitToWidth(`${RED}abc${RESET}def`, 6)).toBe(`${RED}abc${RESET}def`);
    expect(fitToWidth(`${RED}abcdefgh${RESET}`, 5)).toBe(`${RED}abcd…${RESET}`);
  });

  it('counts a character outside the BMP once', () => {
    expect(fitToWidth('a𝄞b', 3)).toBe('a𝄞b');
  });
});

describe('fitToHeight', () => {
  const lines = ['1', '2', '3', '4', '5', '6', 'foot1', 'foot2'];
  it('keeps a frame that fits, and drops lines above the footer of one that does not', () => {
    expect(fitToHeight(lines, 20, 2)).toEqual(lines);
    expect(fitToHeight(lines, 6, 2)).toEqual(['1', '2', '3', 'foot1', 'foot2']);
    expect(fitToHeight(lines, 2, 2)).toEqual(['foot2']);
  });
});

describe('InPlaceScreen', () => {
  it('backs up over the previous frame before drawing the next', () => {
    const written: string[] = [];
    const screen = new InPlaceScreen(
      (text) => written.push(text),
      () => ({ columns: 8, rows: 24 }),
    );
    screen.draw(['one', 'two']);
    screen.draw(['three', 'a long line']);
    expect(written).toEqual(['\u001b[Jone\ntwo\n', '\u001b[2F\u001b[Jthree\na long …\n']);
  });
});

describe('renderFrame', () => {
  it('shows the time, the status view, how to attach and what Ctrl-C does', () => {
    const frame = renderFrame(
      { color: false },
      {
        elapsedMs: 83_000,
        status: 'phase p1 [1/2]  in progress\n',
        attach: 'tmux -L s attach -t demo-builder',
        keep: false,
      },
    );
    expect(frame).toEqual([
      'launch demo  1:23  simulated agents; real tmux, git and watchdog',
      '',
      'phase p1 [1/2]  in progress',
      '',
      'watch an agent:  tmux -L s attach -t demo-builder   (detach: Ctrl-b d)',
      'Ctrl-C stops the demo and removes everything it made',
    ]);
  });
});

describe('EventFeed', () => {
  it('prints each event once, in the status view’s line format, without first readings', () => {
    const written: string[] = [];
    const feed = new EventFeed((text) => written.push(text), 'UTC');
    const now = new Date('2026-03-01T10:00:30Z');
    const events: LedgerEvent[] = [
      { ts: '2026-03-01T10:00:00Z', type: 'watchdog-started', reason: 'signal 1s' },
      {
        ts: '2026-03-01T10:00:00Z',
        type: 'session-state',
        role: 'builder',
        from: 'unknown',
        to: 'idle',
      },
    ];
    feed.update(events, now);
    events.push({
      ts: '2026-03-01T10:00:05Z',
      type: 'handoff-ping',
      role: 'adversary',
      reason: 'claim(g1): ready',
      detail: 'delivered in 0.4s',
    });
    feed.update(events, now);
    expect(written).toEqual([
      '10:00:00  watchdog     watchdog-started   signal 1s\n',
      '10:00:05  adversary    pinged             claim(g1): ready — delivered in 0.4s\n',
    ]);
  });
});
