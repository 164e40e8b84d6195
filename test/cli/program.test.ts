// The program loads the invoked command's module alone, and every command when it must list them.
import { describe, expect, it } from 'vitest';
import { createProgram, invokedCommand } from '../../src/cli/program.js';
import type { CliDeps } from '../../src/cli/context.js';

const deps: CliDeps = {
  env: {},
  cwd: '/',
  io: { out: () => undefined, err: () => undefined, isTTY: false, color: false },
  now: () => new Date(0),
  launchBin: '/bin/false',
};

const names = async (argv: readonly string[] | null): Promise<string[]> =>
  (await createProgram(deps, argv)).commands.map((command) => command.name());

describe('the command a command line names', () => {
  it.each([
    [['status'], 'status'],
    [['status', '--json'], 'status'],
    [['--plan-dir', 'status', 'logs', 'builder'], 'logs'],
    [['--verbose', '--socket', 's', 'events', '-f'], 'events'],
    [['--plan-dir=/x', 'demo'], 'demo'],
    [['--run', 'shop', 'stop'], 'stop'],
    [['--', 'phases'], 'phases'],
    [['--help'], null],
    [[], null],
  ] as const)('%j → %s', (argv, expected) => {
    expect(invokedCommand(argv)).toBe(expected);
  });
});

describe('createProgram', () => {
  it('registers only the invoked command', async () => {
    expect(await names(['status', '--json'])).toEqual(['status']);
    expect(await names(['--log-dir', '/tmp/x', 'watchdog', '--once'])).toEqual(['watchdog']);
  });

  it('registers every command for help, no command or an unknown one (to suggest the right one)', async () => {
    const all = await names(null);
    expect(all).toHaveLength(21); // with `dashboard`, `ls` and `answer`
    expect(await names(['--help'])).toEqual(all);
    expect(await names(['help', 'status'])).toEqual(all);
    expect(await names(['stauts'])).toEqual(all);
  });
});
