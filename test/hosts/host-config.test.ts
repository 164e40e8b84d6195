// Hosts in launch.config.json and LAUNCH_HOSTS: a malformed one is one line naming where it came
// from, exit 2, and no ssh is run (no connection folder appears).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

function planWith(config: unknown): string {
  const plan = join(tempDir('launch-hosts-'), 'plan');
  mkdirSync(plan);
  writeFileSync(join(plan, 'launch.config.json'), JSON.stringify(config, null, 2));
  return plan;
}

describe('hosts settings', () => {
  it.each([
    [[{ name: 'b', ssh: '-oProxyCommand=touch x' }]],
    [[{ name: 'b', ssh: 'me box' }]],
    [[{ name: 'b', ssh: '' }]],
    [[{ name: 'b:c', ssh: 'box' }]],
    [
      [
        { name: 'b', ssh: 'box' },
        { name: 'b', ssh: 'other' },
      ],
    ],
    [[{ name: 'b', ssh: 'box', port: 22 }]],
    [[{ name: 'b', ssh: 'box', launch: 'launch\nrm -rf /' }]],
    ['box'],
  ])('launch.config.json hosts %j: one line, exit 2, nothing run', async (hosts) => {
    const plan = planWith({ hosts });
    const result = await runLaunch(['ls', '--all-hosts'], { cwd: plan });
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(join(plan, 'launch.config.json'));
    expect(lines[0]).toContain('"hosts" must be');
    expect(lines[0]).toContain(`got ${JSON.stringify(hosts)}`);
    expect(result.stdout).toBe('');
    expect(existsSync(join(plan, '.launch', 'ssh'))).toBe(false);
  });

  it('LAUNCH_HOSTS malformed: one line naming the variable, exit 2', async () => {
    const plan = planWith({});
    const result = await runLaunch(['status', 'b:shop'], {
      cwd: plan,
      env: { LAUNCH_HOSTS: 'b=-oProxyCommand=x' },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'launch: LAUNCH_HOSTS must be a comma list of name=user@box (or a bare user@box / ssh_config Host alias), got "b=-oProxyCommand=x"',
    ]);
  });

  it('a host ref starting with - is refused before ssh, exit 2', async () => {
    const plan = planWith({});
    const result = await runLaunch(['logs', '-oProxyCommand=x:shop:builder'], { cwd: plan });
    // `-o...` is a flag to the command line, not a ref: commander refuses it.
    expect(result.exitCode).toBe(2);
    const bad = await runLaunch(['--host', '-oProxyCommand=x', 'status'], { cwd: plan });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe(
      'launch: malformed host: a host cannot start with "-", got "-oProxyCommand=x" (ssh would read an option)',
    );
    expect(existsSync(join(plan, '.launch', 'ssh'))).toBe(false);
  });

  it('ls --watch without --all-hosts, and --all-hosts --watch piped, are usage errors', async () => {
    const plan = planWith({});
    const watch = await runLaunch(['ls', '--watch'], { cwd: plan });
    expect([watch.exitCode, watch.stderr]).toEqual([
      2,
      'launch: ls --watch is the fleet view: `launch ls --all-hosts --watch`',
    ]);
    const piped = await runLaunch(['ls', '--all-hosts', '--watch'], { cwd: plan });
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toContain('needs a terminal');
  });
});
