// The global flags reach the settings: `--socket` and `--prefix` are stored by commander under
// their own names (`socket`, `prefix`), not the settings keys, and were once silently ignored — a
// run meant for a private tmux socket then went to the user's default server.
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { GLOBAL_FLAGS, flagAttribute, flagSettings, globalOptions } from '../../src/cli/context.js';
import { privateTmux, uniqueSocketName } from '../helpers/private-tmux.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('every global flag lands on its settings key', () => {
  it.each(GLOBAL_FLAGS.map((flag) => [flag.name, flag.key] as const))('%s → %s', (name, key) => {
    const program = new Command().exitOverride();
    for (const { flag, help } of GLOBAL_FLAGS) program.addOption(new Option(flag, help));
    let seen: Record<string, unknown> = {};
    program.command('probe').action((_options: unknown, command: Command) => {
      seen = flagSettings(globalOptions(command));
    });
    program.parse([name, 'value-of-it', 'probe'], { from: 'user' });
    expect(seen).toEqual({ [key]: 'value-of-it' });
  });

  it('names the attribute as commander does', () => {
    expect(flagAttribute('--plan-dir')).toBe('planDir');
    expect(flagAttribute('--socket')).toBe('socket');
  });
});

describe('launch --socket S --prefix P reads that server and those sessions', () => {
  const server = privateTmux('flags');
  afterAll(() => server.dispose());

  it('status finds P-builder on S, not the environment socket and the default prefix', async () => {
    const parent = tempDir();
    const plan = join(parent, 'plan');
    expect((await runLaunch(['init', plan], { cwd: parent })).exitCode).toBe(0);
    const created = await server.tmux.newSession({
      name: 'zz-builder',
      cwd: parent,
      command: ['sleep', '600'],
    });
    expect(created.ok).toBe(true);

    const result = await runLaunch(
      ['--socket', server.socket, '--prefix', 'zz', 'status', '--json'],
      // Another private socket in the environment: the flag must win over it (env < flags).
      { cwd: plan, env: { LAUNCH_TMUX_SOCKET: uniqueSocketName('flags-env') } },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as {
      sessions: { role: string; name: string; running: boolean }[];
    };
    const builder = status.sessions.find((session) => session.role === 'builder');
    expect(builder).toMatchObject({ name: 'zz-builder', running: true });
  });
});
