// `launch classify` through the built CLI, as a user runs it.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPaneFixtures } from '../helpers/pane-fixtures.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const CLAUDE_BANNER = '> keep going\n  ⎿  5-hour limit reached ∙ resets 3am\n';

const GEMINI_LOADING = [
  '> polish the code',
  '',
  '⠹ Polishing the code (esc to cancel, 12s)',
  '',
  `╭${'─'.repeat(60)}╮`,
  `│ >   Type your message or @path/to/file${' '.repeat(21)}│`,
  `╰${'─'.repeat(60)}╯`,
].join('\n');

/** stderr as lines, for "exactly one line" checks. */
const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

function paneFile(dir: string, text: string, name = 'pane.txt'): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('launch classify', () => {
  it('prints the reading of a saved pane as one JSON object, with the contract fields in order', async () => {
    const dir = tempDir();
    const file = paneFile(dir, CLAUDE_BANNER);
    const result = await runLaunch(
      ['classify', file, '--now', '2026-07-04T01:30:00-04:00', '--tz', 'America/New_York'],
      { cwd: dir },
    );
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const reading = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(reading)).toEqual([
      'active',
      'limited',
      'resetAt',
      'resetSource',
      'fatal',
      'waitingUntil',
      'matched',
      'recognised',
    ]);
    expect(reading).toEqual({
      active: false,
      limited: true,
      resetAt: '2026-07-04T03:00:00-04:00',
      resetSource: 'time-local',
      fatal: false,
      waitingUntil: null,
      matched: '5-hour limit reached ∙ resets 3am',
      recognised: true,
    });
  });

  it('reads stdin with "-" and with no FILE', async () => {
    const dir = tempDir();
    for (const args of [['classify', '-'], ['classify']]) {
      const result = await runLaunch([...args, '--now', '2026-07-04T01:30:00Z'], {
        cwd: dir,
        input: CLAUDE_BANNER,
      });
      expect(result.exitCode, args.join(' ')).toBe(0);
      expect(JSON.parse(result.stdout), args.join(' ')).toMatchObject({
        limited: true,
        resetAt: '2026-07-04T03:00:00Z',
      });
    }
  });

  it('reads a zoneless time in --tz, else LIMIT_TZ, else TZ', async () => {
    const dir = tempDir();
    const file = paneFile(dir, CLAUDE_BANNER);
    const now = ['--now', '2026-07-04T05:30:00Z'];
    const at = async (extra: string[], env: Record<string, string>) =>
      (
        JSON.parse(
          (await runLaunch(['classify', file, ...now, ...extra], { cwd: dir, env })).stdout,
        ) as { resetAt: string }
      ).resetAt;
    expect(await at([], { TZ: 'America/New_York' })).toBe('2026-07-04T03:00:00-04:00');
    expect(await at([], { TZ: 'America/New_York', LIMIT_TZ: 'America/Chicago' })).toBe(
      '2026-07-04T03:00:00-05:00',
    );
    expect(await at(['--tz', 'America/Denver'], { LIMIT_TZ: 'America/Chicago' })).toBe(
      '2026-07-04T03:00:00-06:00',
    );
  });

  it("reads the run settings' backend, and --backend overrides it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'launch.config.json'), JSON.stringify({ backend: 'gemini' }));
    // Gemini's loading line: work to the gemini dialect, noise to the others.
    const file = paneFile(dir, GEMINI_LOADING);
    const now = ['--now', '2026-07-04T10:00:00Z'];
    const asConfigured = await runLaunch(['classify', file, ...now], { cwd: dir });
    expect(JSON.parse(asConfigured.stdout)).toMatchObject({
      active: true,
      matched: '⠹ Polishing the code (esc to cancel, 12s)',
    });
    const overridden = await runLaunch(['classify', '--backend', 'codex', file, ...now], {
      cwd: dir,
    });
    expect(overridden.exitCode).toBe(0);
    expect(JSON.parse(overridden.stdout)).toMatchObject({ active: false, matched: null });
  });

  it('reproduces a fixture from the corpus', async () => {
    const fixture = loadPaneFixtures().find(
      (f) => f.backend === 'claude' && f.name === 'epoch-kolkata',
    );
    expect(fixture).toBeDefined();
    if (!fixture) return;
    const dir = tempDir();
    const result = await runLaunch(
      [
        'classify',
        '--backend',
        'claude',
        '--now',
        fixture.now.toISOString(),
        '--tz',
        fixture.zone,
        paneFile(dir, fixture.pane),
      ],
      { cwd: dir },
    );
    const { recognised, ...reading } = JSON.parse(result.stdout) as { recognised: boolean };
    expect(reading).toEqual({ ...fixture.expect, recognised: undefined });
    expect(recognised).toBe(fixture.expect.recognised ?? true);
  });

  it('takes a capture with escape sequences and invalid UTF-8', async () => {
    const dir = tempDir();
    const file = join(dir, 'raw.bin');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(
          '\u001b[1m> go\u001b[0m\n  ⎿  \u001b[31mClaude AI usage limit reached|1762952400\u001b[0m\n',
        ),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]),
      ]),
    );
    const result = await runLaunch(['classify', file, '--now', '2025-11-11T16:40:06Z'], {
      cwd: dir,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      limited: true,
      resetSource: 'epoch',
      resetAt: '2025-11-12T13:00:00Z',
    });
  });

  it.each([
    [
      ['--now', 'yesterday'],
      'launch: --now must be an ISO-8601 time such as 2026-04-11T15:00:00Z, got "yesterday"',
    ],
    [
      ['--now', '2026-13-45T99:00:00Z'],
      'launch: --now must be an ISO-8601 time such as 2026-04-11T15:00:00Z, got "2026-13-45T99:00:00Z"',
    ],
    [
      ['--tz', 'Mars/Olympus'],
      'launch: --tz must be an IANA time zone such as America/New_York, got "Mars/Olympus"',
    ],
    [
      ['--backend', 'cursor'],
      /^launch: --backend must be one of claude, opencode, codex, gemini, sim, got "cursor"$/,
    ],
  ])('%j: exit 2, one line', async (args, message) => {
    const dir = tempDir();
    const result = await runLaunch(['classify', ...args, paneFile(dir, CLAUDE_BANNER)], {
      cwd: dir,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(lines(result.stderr)[0]).toMatch(message);
  });

  it('an unreadable FILE: exit 2, one line naming it', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no such pane.txt');
    const folder = join(dir, 'a folder');
    mkdirSync(folder);
    const locked = paneFile(dir, CLAUDE_BANNER, 'locked.txt');
    chmodSync(locked, 0o000);
    const cases: [string, RegExp][] = [
      [missing, /^launch: cannot read pane file .*no such pane\.txt: no such file$/],
      [folder, /^launch: cannot read pane file .*a folder: it is a directory, expected a file$/],
    ];
    // root reads anything; the permission case only means something for other users.
    if (process.getuid?.() !== 0)
      cases.push([locked, /^launch: cannot read pane file .*locked\.txt: permission denied$/]);
    for (const [file, message] of cases) {
      const result = await runLaunch(['classify', file], { cwd: dir });
      expect(result.exitCode, file).toBe(2);
      expect(lines(result.stderr), file).toHaveLength(1);
      expect(lines(result.stderr)[0], file).toMatch(message);
    }
  });

  it('is listed in --help', async () => {
    const result = await runLaunch(['classify', '--help'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/--now <iso>/);
    expect(result.stdout).toMatch(/--tz <zone>/);
    expect(result.stdout).toMatch(/--backend overrides/);
  });
});
