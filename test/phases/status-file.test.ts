import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatus, resolveStatusFile, textDeclaresDone } from '../../src/phases/status-file.js';
import { readPhaseIndex, writePhaseIndex } from '../../src/phases/phase-index.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('status file', () => {
  it('prefers machine-docs/<status>, else <builder-dir>/<status>', () => {
    const builder = tempDir();
    expect(resolveStatusFile(builder, 'STATUS-p1.md')).toBe(join(builder, 'STATUS-p1.md'));
    mkdirSync(join(builder, 'machine-docs'));
    writeFileSync(join(builder, 'machine-docs', 'STATUS-p1.md'), '');
    expect(resolveStatusFile(builder, 'STATUS-p1.md')).toBe(
      join(builder, 'machine-docs', 'STATUS-p1.md'),
    );
  });

  it.each([
    ['## DONE', true],
    ['# Status\n\nwork\n## DONE — all gates PASS\n', true],
    ['## DONE\r\n', true],
    ['## done', false],
    [' ## DONE', false],
    ['text ## DONE', false],
    ['### DONE', false],
    ['## NOT DONE', false],
    ['', false],
  ])('%j declares DONE: %s', (text, done) => {
    expect(textDeclaresDone(text)).toBe(done);
  });

  it('reads done, in progress, missing and unreadable', () => {
    const builder = tempDir();
    expect(readStatus(builder, 'S.md').kind).toBe('missing');
    writeFileSync(join(builder, 'S.md'), 'working\n');
    expect(readStatus(builder, 'S.md').kind).toBe('in-progress');
    writeFileSync(join(builder, 'S.md'), 'working\n## DONE\n');
    expect(readStatus(builder, 'S.md').kind).toBe('done');
    mkdirSync(join(builder, 'D.md'));
    expect(readStatus(builder, 'D.md').kind).toBe('unreadable');
    chmodSync(join(builder, 'D.md'), 0o755);
  });
});

describe('phase index', () => {
  it('starts at 0, persists, and clamps to the sequence', () => {
    const logDir = tempDir();
    expect(readPhaseIndex(logDir, 3)).toEqual({ index: 0 });
    writePhaseIndex(logDir, 2);
    expect(readPhaseIndex(logDir, 3)).toEqual({ index: 2 });
    expect(readPhaseIndex(logDir, 2).index).toBe(1);
    expect(readPhaseIndex(logDir, 2).warning).toMatch(/past the 2-phase sequence/);
  });

  it('warns and falls back to phase 1 on a damaged state file', () => {
    const logDir = tempDir();
    writeFileSync(join(logDir, 'state.json'), '{"version": 1, "phaseIndex": "x"}');
    const current = readPhaseIndex(logDir, 2);
    expect(current.index).toBe(0);
    expect(current.warning).toMatch(/damaged/);
  });
});
