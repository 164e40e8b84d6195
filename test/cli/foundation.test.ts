import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

async function initPlanDir(name = 'plan'): Promise<string> {
  const parent = tempDir();
  const dir = join(parent, name);
  const result = await runLaunch(['init', dir], { cwd: parent });
  expect(result.exitCode).toBe(0);
  return dir;
}

/** stderr as lines, for "exactly one line" checks. */
const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('launch --help', () => {
  it('lists the commands and works from any directory', async () => {
    const result = await runLaunch(['--help'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Usage: launch/);
    for (const command of ['init', 'phases'])
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('exits 2 on an unknown command', async () => {
    const result = await runLaunch(['bogus'], { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^launch: unknown command 'bogus'/);
  });
});

describe('launch init', () => {
  it('scaffolds a plan dir that validates, with phase 1 current', async () => {
    const dir = await initPlanDir(`my plan "q" $(touch PWNED)`);
    for (const file of [
      'launch.config.json',
      'launch.config.schema.json',
      'phases/phases.json',
      'prompts/builder.md',
      'prompts/adversary.md',
      'prompts/orchestrator.md',
      'prompts/wake.md',
    ]) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(dir, 'launch.config.json'), 'utf8'))).toMatchObject({
      $schema: './launch.config.schema.json',
    });
    const validate = await runLaunch(['phases', 'validate'], { cwd: dir });
    expect(validate).toMatchObject({ exitCode: 0, stderr: '' });
    expect(validate.stdout).toMatch(/✓ 2 phases \(p1, p2\)/);

    const list = await runLaunch(['phases'], { cwd: dir });
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(
      /^▶\s+1\/2\s+p1\s+phases\/plan-p1\.md\s+STATUS-p1\.md\s+in progress$/m,
    );
    expect(list.stdout).toMatch(/^\s+2\/2\s+p2\s+phases\/plan-p2\.md\s+STATUS-p2\.md\s+pending$/m);
    const alias = await runLaunch(['phases', 'list'], { cwd: dir });
    expect(alias.stdout).toBe(list.stdout);
    expect(existsSync(join(dir, '..', 'PWNED'))).toBe(false);
  });

  it('refuses to overwrite without --force, and writes nothing; --overwrite replaces', async () => {
    const dir = await initPlanDir();
    writeFileSync(join(dir, 'prompts', 'builder.md'), 'my own prompt');
    const again = await runLaunch(['init', dir], { cwd: dir });
    expect(again.exitCode).toBe(2);
    expect(lines(again.stderr)).toHaveLength(1);
    expect(again.stderr).toMatch(
      /already has .*prompts\/builder\.md.*nothing was written \(--force writes only the missing files, --overwrite replaces them\)/,
    );
    expect(readFileSync(join(dir, 'prompts', 'builder.md'), 'utf8')).toBe('my own prompt');
    const forced = await runLaunch(['init', '--force', dir], { cwd: dir });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'prompts', 'builder.md'), 'utf8')).toBe('my own prompt');
    const overwritten = await runLaunch(['init', '--overwrite', dir], { cwd: dir });
    expect(overwritten.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'prompts', 'builder.md'), 'utf8')).not.toBe('my own prompt');
  });

  it('marks DONE phases and follows the stored phase index', async () => {
    const dir = await initPlanDir();
    writeFileSync(join(dir, 'STATUS-p1.md'), 'notes\n## DONE\n');
    const list = await runLaunch(['phases', '--json'], { cwd: dir });
    const json = JSON.parse(list.stdout) as {
      current: number;
      phases: { id: string; done: boolean; current: boolean }[];
    };
    expect(json.current).toBe(0);
    expect(json.phases.map(({ id, done, current }) => ({ id, done, current }))).toEqual([
      { id: 'p1', done: true, current: true },
      { id: 'p2', done: false, current: false },
    ]);
  });
});

describe('bad input: exit 2 and one line naming the source', () => {
  it.each([
    [
      'invalid JSON manifest',
      (dir: string) => writeFileSync(join(dir, 'phases', 'phases.json'), '[{"id": "p1",'),
      {},
      /phases\/phases\.json:1:14: invalid JSON/,
    ],
    [
      'duplicate ids',
      (dir: string) =>
        writeFileSync(
          join(dir, 'phases', 'phases.json'),
          '[{"id":"p1","plan":"plan-p1.md","status":"S1.md"},\n {"id":"p1","plan":"plan-p2.md","status":"S2.md"}]',
        ),
      {},
      /phases\/phases\.json:2:8: duplicate phase id "p1" \(also phase 1\)$/,
    ],
    [
      'unknown backend',
      () => undefined,
      { LOOP_BACKEND: 'gpt' },
      /^launch: LOOP_BACKEND must be one of claude, opencode, codex, gemini, sim, got "gpt"$/,
    ],
    [
      'SIGNAL_INTERVAL=abc',
      () => undefined,
      { SIGNAL_INTERVAL: 'abc' },
      /^launch: SIGNAL_INTERVAL must be a positive number of seconds, got "abc"$/,
    ],
    [
      'WATCH_INTERVAL=-5',
      () => undefined,
      { WATCH_INTERVAL: '-5' },
      /^launch: WATCH_INTERVAL must be a positive number of seconds, got "-5"$/,
    ],
    [
      'config file with an unknown key',
      (dir: string) =>
        writeFileSync(
          join(dir, 'launch.config.json'),
          '{\n  "backend": "claude",\n  "stallIdel": 5\n}',
        ),
      {},
      /launch\.config\.json:3:3: unknown key "stallIdel" \(did you mean "stallIdle"\?\)$/,
    ],
  ])('%s', async (_name, breakIt, env: Record<string, string>, pattern) => {
    const dir = await initPlanDir();
    breakIt(dir);
    const result = await runLaunch(['phases'], { cwd: dir, env });
    expect(result.exitCode).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\bat \w+ \(/); // no stack trace
    expect(result.stdout).toBe('');
  });

  it('validate lists every problem at once: missing plan files and prompts too', async () => {
    const dir = await initPlanDir();
    writeFileSync(
      join(dir, 'phases', 'phases.json'),
      '[{"id":"p1","plan":"nope.md","status":"S1.md"},\n {"id":"p1","plan":"plan-p2.md","status":"S1.md"}]',
    );
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'prompts', 'adversary.md'));
    const result = await runLaunch(['phases', 'validate'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    const problems = lines(result.stderr);
    expect(problems).toEqual([
      expect.stringMatching(/phases\.json:2:8: duplicate phase id "p1" \(also phase 1\)$/),
      expect.stringMatching(/phases\.json:1:20: plan file .*phases\/nope\.md does not exist$/),
      expect.stringMatching(/phases\.json:2:20: phases "p1" and "p1" share the status file S1\.md/),
      expect.stringMatching(
        /prompts\/adversary\.md: missing adversary prompt; run `launch init --force` or create it$/,
      ),
      'launch: 4 problems',
    ]);
  });

  it('watchdog --respawn refuses --once and --dry-run, and a broken manifest before any child', async () => {
    const dir = await initPlanDir();
    for (const flag of ['--once', '--dry-run']) {
      const result = await runLaunch(['watchdog', '--respawn', flag], { cwd: dir });
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim()).toBe(
        'launch: --respawn keeps a watchdog running; it does not go with --once or --dry-run',
      );
    }
    writeFileSync(join(dir, 'phases', 'phases.json'), '[{"id": "p1",');
    const broken = await runLaunch(['watchdog', '--respawn'], { cwd: dir });
    expect(broken.exitCode).toBe(2);
    expect(lines(broken.stderr)).toHaveLength(1);
    expect(broken.stderr).toMatch(/phases\/phases\.json:1:14: invalid JSON/);
    expect(existsSync(join(dir, '.launch', 'events.jsonl'))).toBe(false);
  });

  it('a bad --backend flag names the flag', async () => {
    const dir = await initPlanDir();
    const result = await runLaunch(['phases', '--backend', 'x'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      'launch: --backend must be one of claude, opencode, codex, gemini, sim, got "x"',
    );
  });

  it('a missing plan dir says it is not one', async () => {
    const result = await runLaunch(['phases', '--plan-dir', 'nowhere'], { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^launch: not a plan dir: cd to one or pass --plan-dir \(\S+\/nowhere has no launch\.config\.json\)$/,
    );
  });
});
