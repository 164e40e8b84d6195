// The fold of signal lines into evidence, the tail reader, and the signals file's bound.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendSignalLine,
  isSafeSessionName,
  rotatedPath,
  signalFilePath,
} from '../../src/evidence/signal-file.js';
import {
  foldSignals,
  promptSubmittedSince,
  readSignalEvidence,
} from '../../src/evidence/signals.js';
import { signalsFile, type SignalEvent, type SignalLine } from '../../src/evidence/types.js';
import { tempDir } from '../helpers/temp-dir.js';

const T0 = Date.UTC(2026, 11, 6, 1, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const sig = (seconds: number, event: SignalEvent, extra: Partial<SignalLine> = {}): SignalLine => ({
  ts: at(seconds),
  event,
  source: 'claude',
  ...extra,
});

describe('foldSignals', () => {
  it('nothing since the start is absent; lines from before the start are ignored', () => {
    expect(foldSignals([], T0)).toMatchObject({ kind: 'absent' });
    expect(foldSignals([sig(-10, 'stop'), sig(-5, 'prompt-submitted')], T0)).toMatchObject({
      kind: 'absent',
    });
  });

  it('the newest signal, work, stop and prompt, with the conversation', () => {
    const evidence = foldSignals(
      [
        sig(-30, 'stop', { conversationId: 'old' }),
        sig(1, 'session-start', { conversationId: 'c1', transcriptPath: '/t/c1.jsonl' }),
        sig(2, 'prompt-submitted'),
        sig(3, 'tool-start', { tool: 'Bash' }),
        sig(9, 'tool-end', { tool: 'Bash' }),
        sig(10, 'stop'),
      ],
      T0,
    );
    expect(evidence).toEqual({
      kind: 'seen',
      last: { event: 'stop', at: T0 + 10_000 },
      lastWorkAt: T0 + 9000,
      lastStopAt: T0 + 10_000,
      lastPromptAt: T0 + 2000,
      asking: null,
      conversationId: 'c1',
      transcriptPath: '/t/c1.jsonl',
    });
  });

  it('a notification asking for permission is asking until later work supersedes it', () => {
    const ask = sig(5, 'notification', {
      notificationKind: 'permission_prompt',
      message: 'Claude needs your permission to use Bash',
    });
    const asking = foldSignals([sig(4, 'tool-start'), ask], T0);
    expect(asking.kind === 'seen' && asking.asking).toEqual({
      at: T0 + 5000,
      kind: 'permission_prompt',
      message: 'Claude needs your permission to use Bash',
    });
    const answered = foldSignals([sig(4, 'tool-start'), ask, sig(20, 'tool-end')], T0);
    expect(answered.kind === 'seen' && answered.asking).toBe(null);
    const stopped = foldSignals([ask, sig(21, 'stop')], T0);
    expect(stopped.kind === 'seen' && stopped.asking).toBe(null);
  });

  it('idle_prompt asks for input; informing kinds do not ask', () => {
    const idle = foldSignals(
      [
        sig(1, 'stop'),
        sig(61, 'notification', {
          notificationKind: 'idle_prompt',
          message: 'Claude is waiting for your input',
        }),
      ],
      T0,
    );
    expect(idle.kind === 'seen' && idle.asking?.kind).toBe('idle_prompt');
    const info = foldSignals([sig(1, 'notification', { notificationKind: 'auth_success' })], T0);
    expect(info.kind === 'seen' && info.asking).toBe(null);
    expect(info.kind === 'seen' && info.last.event).toBe('notification');
  });

  it('lines with an unreadable time are skipped', () => {
    expect(foldSignals([{ ts: 'yesterday', event: 'stop', source: 'codex' }], T0)).toMatchObject({
      kind: 'absent',
    });
  });
});

describe('the signals file', () => {
  it('is where the evidence contract says', () => {
    expect(signalFilePath('/l', 'loop-builder')).toBe(signalsFile('/l', 'loop-builder'));
    expect(isSafeSessionName('loop-builder')).toBe(true);
    for (const bad of ['', '../x', 'a/b', '.hidden', 'x'.repeat(300)])
      expect(isSafeSessionName(bad)).toBe(false);
  });

  it('stays bounded: past the limit it moves to .1 and a fresh file starts', () => {
    const dir = tempDir();
    const limit = 4096;
    for (let i = 0; i < 200; i++)
      appendSignalLine(dir, 's', sig(i, 'tool-start', { tool: `t${i}` }), limit);
    const file = signalFilePath(dir, 's');
    expect(statSync(file).size).toBeLessThan(limit + 200);
    expect(statSync(rotatedPath(file)).size).toBeLessThan(limit + 200);
    // The newest line is in the current file, and the reader still sees the whole recent past.
    expect(readFileSync(file, 'utf8')).toContain('"tool":"t199"');
    const evidence = readSignalEvidence(dir, 's', T0, limit);
    expect(evidence.kind === 'seen' && evidence.last.at).toBe(T0 + 199_000);
  });

  it('is never written into a log dir that is gone: it throws and creates nothing', () => {
    const gone = join(tempDir(), 'deleted-run', 'logs');
    expect(() => appendSignalLine(gone, 's', sig(0, 'session-end'))).toThrow(/ENOENT/);
    expect(existsSync(join(gone, '..'))).toBe(false);
  });
});

describe('readSignalEvidence', () => {
  it('no file: absent, saying so', () => {
    expect(readSignalEvidence(tempDir(), 'nobody', T0)).toEqual({
      kind: 'absent',
      reason: 'no signals file (client not wired, or silent)',
    });
  });

  it('reads only the tail of a large file, skipping a damaged line', () => {
    const dir = tempDir();
    const file = signalFilePath(dir, 'big');
    mkdirSync(join(dir, 'signals'), { recursive: true });
    // ~2 MB of old lines, then the recent ones (one damaged by a write cut short).
    const old = `${JSON.stringify(sig(-100, 'tool-start'))}\n`.repeat(20_000);
    writeFileSync(file, old);
    appendFileSync(file, `${JSON.stringify(sig(2, 'prompt-submitted'))}\n{"ts":"2026-12-0`);
    appendFileSync(file, `\n${JSON.stringify(sig(3, 'stop'))}\n`);
    const started = performance.now();
    const evidence = readSignalEvidence(dir, 'big', T0);
    const took = performance.now() - started;
    expect(evidence).toMatchObject({
      kind: 'seen',
      last: { event: 'stop', at: T0 + 3000 },
      lastPromptAt: T0 + 2000,
    });
    expect(took).toBeLessThan(200);
  });

  it('promptSubmittedSince confirms a delivery only by a prompt at or after the instant', () => {
    const dir = tempDir();
    appendSignalLine(dir, 's', sig(5, 'prompt-submitted'));
    appendSignalLine(dir, 's', sig(6, 'stop'));
    expect(promptSubmittedSince(dir, 's', T0 + 5000)).toBe(true);
    expect(promptSubmittedSince(dir, 's', T0 + 5001)).toBe(false);
    expect(promptSubmittedSince(dir, 'other', T0)).toBe(false);
  });
});
