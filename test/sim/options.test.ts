import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimOptions } from '../../src/sim/options.js';
import { progressFile, readProgress, writeProgress } from '../../src/sim/progress-store.js';
import { simZone } from '../../src/sim/texts.js';
import { tempDir } from '../helpers/temp-dir.js';

const ENV = {
  LAUNCH_ROLE: 'adversary',
  LAUNCH_SESSION: 'loop-adv',
  LAUNCH_PHASE_ID: 'p2',
  LAUNCH_PHASE_INDEX: '1',
  LAUNCH_STATUS_FILE: 'STATUS-p2.md',
  LAUNCH_LOG_DIR: '/plan/.launch',
  TZ: 'Europe/Berlin',
};

describe('sim agent options', () => {
  it('reads argv as the launcher passes it, and the LAUNCH_* variables', () => {
    expect(
      parseSimOptions(
        [
          '--role',
          'builder',
          '--script',
          's.json',
          '--settings',
          '/plan/.launch/.claude-settings-loop-adv.json',
          '--',
          '--kickoff with',
          'words',
        ],
        ENV,
      ),
    ).toEqual({
      ok: true,
      value: {
        role: 'builder',
        scriptFile: 's.json',
        settingsFile: '/plan/.launch/.claude-settings-loop-adv.json',
        kickoff: '--kickoff with words',
        resumeId: null,
        session: 'loop-adv',
        phaseId: 'p2',
        phaseIndex: 1,
        statusFile: 'STATUS-p2.md',
        logDir: '/plan/.launch',
        tz: 'Europe/Berlin',
        look: 'claude',
      },
    });
  });

  it('falls back to LAUNCH_ROLE and to defaults a person running it by hand would want', () => {
    expect(parseSimOptions([], { LAUNCH_ROLE: 'orchestrator', LAUNCH_LOG_DIR: '' })).toEqual({
      ok: true,
      value: {
        role: 'orchestrator',
        scriptFile: null,
        settingsFile: null,
        kickoff: '',
        resumeId: null,
        session: 'sim-orchestrator',
        phaseId: 'p1',
        phaseIndex: 0,
        statusFile: 'STATUS-p1.md',
        logDir: null,
        tz: undefined,
        look: 'claude',
      },
    });
  });

  it('reads the kickoff file when no kickoff argument is given', () => {
    const dir = tempDir();
    const file = join(dir, '.kickoff-loop-builder.txt');
    writeFileSync(file, 'kick\noff');
    const parsed = parseSimOptions(['--role', 'builder'], { LAUNCH_KICKOFF_FILE: file });
    expect(parsed.ok && parsed.value.kickoff).toBe('kick\noff');
  });

  it.each([
    [['--role', 'boss'], {}, '--role must be one of builder, adversary, orchestrator, got "boss"'],
    [[], {}, '--role (or LAUNCH_ROLE) is required'],
    [['--role', 'builder', '--bogus'], {}, "unknown option '--bogus'"],
    [
      ['--role', 'builder'],
      { LAUNCH_PHASE_INDEX: 'x' },
      'LAUNCH_PHASE_INDEX must be a whole number (0 or more), got "x"',
    ],
    [
      ['--role', 'builder'],
      { LAUNCH_ROLE: 'boss' },
      'LAUNCH_ROLE must be one of builder, adversary, orchestrator, got "boss"',
    ],
    [
      ['--role', 'builder'],
      { LAUNCH_STATUS_FILE: 'a/b.md' },
      'LAUNCH_STATUS_FILE must be a file name (no "/"), got "a/b.md"',
    ],
    [
      ['--role', 'builder'],
      { LAUNCH_KICKOFF_FILE: '/nonexistent/kick' },
      /^LAUNCH_KICKOFF_FILE: cannot read \/nonexistent\/kick: ENOENT/,
    ],
  ])('%j %j → %s', (argv, env, message) => {
    const parsed = parseSimOptions(argv, env);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('prints times in TZ when it names a zone, else UTC', () => {
    expect(simZone('America/New_York')).toBe('America/New_York');
    expect(simZone(':Europe/Paris')).toBe('Europe/Paris');
    expect(simZone('Mars/Olympus')).toBe('UTC');
    expect(simZone(undefined)).toBe('UTC');
  });
});

describe('sim progress store', () => {
  const progress = {
    phaseId: 'p1',
    stepIndex: 4,
    pending: ['ping'],
    boots: 2,
    limitResetAt: 1_700_000_000_000,
    waitUntil: null,
  };

  it('round-trips through <log dir>/sim/<session>.json', () => {
    const logDir = tempDir();
    expect(readProgress(logDir, 'loop-builder')).toEqual({
      ok: false,
      error: { reason: 'missing' },
    });
    writeProgress(logDir, 'loop-builder', progress);
    expect(progressFile(logDir, 'loop-builder')).toBe(join(logDir, 'sim', 'loop-builder.json'));
    expect(readProgress(logDir, 'loop-builder')).toEqual({ ok: true, value: progress });
    expect(progressFile(logDir, 'odd/name x')).toBe(join(logDir, 'sim', 'odd_name_x.json'));
  });

  it('reports a damaged file as corrupt', () => {
    const logDir = tempDir();
    mkdirSync(join(logDir, 'sim'));
    writeFileSync(join(logDir, 'sim', 'a.json'), '{ not json');
    expect(readProgress(logDir, 'a')).toMatchObject({ ok: false, error: { reason: 'corrupt' } });
    writeFileSync(join(logDir, 'sim', 'b.json'), JSON.stringify({ version: 1, stepIndex: -1 }));
    expect(readProgress(logDir, 'b')).toMatchObject({ ok: false, error: { reason: 'corrupt' } });
  });
});
