// The one stripper for text shown to a person from git, panes or the network, and where it is used:
// event lines (`launch events`, `launch status`), describeEvent (logs, notifications), the status view.
import { describe, expect, it } from 'vitest';
import { eventLines } from '../../src/cli/event-lines.js';
import { stripRecordStrings, stripTerminalControls } from '../../src/util/terminal-text.js';
import { describeEvent } from '../../src/watchdog/describe-event.js';
import { paneTranscript } from '../../src/cli/commands/logs.js';

const ESC = '\u001b';
const BEL = '\u0007';
const HOSTILE = [
  `claim(g1): ${ESC}]0;pwned title${BEL}ready`,
  `${ESC}[2J${ESC}[H`,
  `${ESC}]8;;http://evil.example/${ESC}\\link${ESC}]8;;${ESC}\\`,
  `${ESC}P1;2|data${ESC}\\`,
  `\u009b31mred\u009b0m`,
  `${ESC}c${ESC}7${ESC}(0`,
  `bell${BEL}back\bspace\rreturn`,
  `${ESC}]0;never terminated`,
].join(' ');

/** Nothing a terminal would act on: no ESC, no C0 (but newline where kept), no C1. */
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('stripTerminalControls', () => {
  it('removes CSI, OSC, DCS, 8-bit CSI, two-byte escapes and stray controls, keeping the words', () => {
    const out = stripTerminalControls(HOSTILE);
    expect(out).not.toMatch(CONTROLS);
    expect(out).not.toContain('\n');
    expect(out).toContain('claim(g1): ready');
    expect(out).toContain('link');
    expect(out).toContain('red');
    expect(out).not.toContain('pwned title');
    expect(out).not.toContain('evil.example');
  });

  it('keeps line breaks when asked (pane text), and turns CR LF into LF', () => {
    const out = stripTerminalControls(`one${ESC}[1m\r\ntwo\n${ESC}[2Jthree`, {
      keepNewlines: true,
    });
    expect(out).toBe('one\ntwo\nthree');
  });

  it('is linear on hostile input (no backtracking blow-up)', () => {
    const huge = `${ESC}[${'1;'.repeat(200_000)}` + `${ESC}]${'x'.repeat(200_000)}`;
    const started = performance.now();
    stripTerminalControls(huge);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('leaves plain text and non-string fields alone', () => {
    expect(stripTerminalControls('claim(g2): cache — ready ✓')).toBe('claim(g2): cache — ready ✓');
    const event = { ts: '2026-03-01T12:00:00Z', type: 'x', count: 3, reason: `a${ESC}[2Jb` };
    expect(stripRecordStrings(event)).toEqual({ ...event, reason: 'ab' });
  });
});

describe('where people see it', () => {
  const ping = {
    ts: '2026-03-01T12:00:00.000Z',
    type: 'handoff-ping',
    role: 'adversary' as const,
    reason: `claim: ${HOSTILE}`,
    matched: `${ESC}]0;title${BEL}pane ${ESC}[2J text here`,
  };

  it('event lines (launch events, launch status) carry no escapes', () => {
    const lines = eventLines(ping, { zone: 'UTC', io: { color: false } });
    for (const line of lines) expect(line).not.toMatch(CONTROLS);
    expect(lines.join('\n')).toContain('claim(g1): ready');
  });

  it('describeEvent (watchdog log, notifications, --dry-run) carries none', () => {
    expect(describeEvent(ping)).not.toMatch(CONTROLS);
  });

  it('the pane transcript of `launch logs` strips the same way', () => {
    const out = paneTranscript()(`${ESC}]0;x${BEL}hello${ESC}[2J\nworld\n`);
    expect(out).toBe('hello\nworld\n');
  });
});
