// The operator's everyday commands must not hurt a run: init --force never replaces a file, an
// impossible init fails at once, commands outside a plan dir say so, hints repeat the flags given,
// pause is visible, typos get "did you mean", and a closed pipe is not an error.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliDeps } from '../../src/cli/context.js';
import { givenRunFlags, launchHint, withGivenFlags } from '../../src/cli/given-flags.js';
import { initialState } from '../../src/watchdog/state.js';
import { uniqueSocketName } from '../helpers/private-tmux.js';
import { LAUNCH_BIN, baseEnv, runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

async function initPlanDir(): Promise<string> {
  const parent = tempDir();
  const dir = join(parent, 'plan');
  const result = await runLaunch(['init', dir], { cwd: parent });
  expect(result.exitCode, result.stderr).toBe(0);
  return dir;
}

/** Runs main() in this process with captured output. */
async function inProcess(
  argv: string[],
  cwd: string,
  extra: Partial<CliDeps> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    env: { LAUNCH_TMUX_SOCKET: uniqueSocketName('op'), TZ: 'UTC' },
    cwd,
    io: { out: (text) => (out += text), err: (text) => (err += text), isTTY: false, color: false },
    now: () => new Date(),
    launchBin: '/bin/false',
    ...extra,
  });
  return { code, out, err };
}

describe('launch init never overwrites unless asked', () => {
  it('--force on a configured plan dir keeps every existing file byte for byte and writes the missing ones', async () => {
    const dir = await initPlanDir();
    const config = '{\n  // my settings\n  "backend": "codex", "builderDir": "../b"\n}\n';
    writeFileSync(join(dir, 'launch.config.json'), config);
    writeFileSync(join(dir, 'prompts', 'builder.md'), 'my own builder prompt');
    const adversary = join(dir, 'prompts', 'adversary.md');
    const before = readFileSync(adversary, 'utf8');
    // A missing prompt: what `launch phases validate` advises `init --force` for.
    const { rmSync } = await import('node:fs');
    rmSync(adversary);

    const forced = await runLaunch(['init', '--force'], { cwd: dir });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/wrote the missing files into .*:\n {2}prompts\/adversary\.md\n/);
    expect(forced.stdout).not.toMatch(/launch\.config\.json/);
    expect(readFileSync(join(dir, 'launch.config.json'), 'utf8')).toBe(config);
    expect(readFileSync(join(dir, 'prompts', 'builder.md'), 'utf8')).toBe('my own builder prompt');
    expect(readFileSync(adversary, 'utf8')).toBe(before);

    const again = await runLaunch(['init', '--force', dir], { cwd: tempDir() });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(
      /^nothing to write: .* has every file \(\d+ kept; --overwrite replaces them\)$/m,
    );
    expect(readFileSync(join(dir, 'launch.config.json'), 'utf8')).toBe(config);
  });

  it('--overwrite replaces them and lists what it replaced', async () => {
    const dir = await initPlanDir();
    writeFileSync(join(dir, 'launch.config.json'), '{"backend": "codex"}\n');
    const result = await runLaunch(['init', '--overwrite'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^replaced in .*:\n(?: {2}.*\n)*? {2}launch\.config\.json\n/m);
    expect(readFileSync(join(dir, 'launch.config.json'), 'utf8')).toMatch(/"backend": "claude"/);
  });

  it('without a flag refuses and writes nothing, naming both ways on', async () => {
    const dir = await initPlanDir();
    writeFileSync(join(dir, 'prompts', 'builder.md'), 'mine');
    const result = await runLaunch(['init', dir], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /already has .*prompts\/builder\.md.*; nothing was written \(--force writes only the missing files, --overwrite replaces them\)$/,
      ),
    ]);
    expect(readFileSync(join(dir, 'prompts', 'builder.md'), 'utf8')).toBe('mine');
  });

  it.each([
    ['/proc/x', /^launch: cannot create \/proc\/x: mkdir \/proc\/x failed \(ENOENT\)$/],
    ['FILE/x/y', /^launch: cannot create .*\/FILE\/x\/y: .*\/FILE is a file, not a directory$/],
  ])(
    'into an impossible place (%s) fails in under a second with one line, exit 2, nothing written',
    async (target, message) => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'FILE'), 'a file');
      const started = performance.now();
      const result = await runLaunch(['init', target.replace('FILE', join(cwd, 'FILE'))], {
        cwd,
        timeoutMs: 10_000,
      });
      const elapsed = performance.now() - started;
      expect(result.exitCode).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
      expect(result.stdout).toBe('');
      // The process itself (Node start included) within a second; the 10 s timeout would be a hang.
      expect(elapsed).toBeLessThan(1000 * (process.env.CI ? 3 : 1.5));
      expect(readdirSync(cwd)).toEqual(['FILE']);
    },
  );
});

describe('outside a plan dir', () => {
  it.each([
    ['status'],
    ['phases'],
    ['stop'],
    ['events'],
    ['logs', 'builder'],
    ['pause'],
    ['send', 'builder', 'hi'],
  ])('`launch %s` says so in one line, exit 2', async (...argv) => {
    const cwd = tempDir();
    const result = await runLaunch(argv, {
      cwd,
      env: { LAUNCH_TMUX_SOCKET: uniqueSocketName('nop') },
    });
    expect(result.exitCode).toBe(2);
    expect(lines(result.stderr)).toEqual([
      `launch: not a plan dir: cd to one or pass --plan-dir (${cwd} has no launch.config.json)`,
    ]);
    expect(existsSync(join(cwd, '.launch'))).toBe(false);
  });
});

describe('hints repeat the run flags given', () => {
  it('renders the flags as typed, quoted for the shell, in a fixed order', () => {
    const argv = ['--socket', 's1', 'stop', '--log-dir=/srv/my run/.launch', '--backend', 'sim'];
    expect(givenRunFlags(argv)).toEqual(['--log-dir', "'/srv/my run/.launch'", '--socket', 's1']);
    expect(launchHint(argv, 'start --resume')).toBe(
      "launch start --resume --log-dir '/srv/my run/.launch' --socket s1",
    );
    expect(launchHint(['status'], 'events')).toBe('launch events');
    expect(withGivenFlags('run `launch start` then `launch status`', ['--prefix', 'p'])).toBe(
      'run `launch start --prefix p` then `launch status --prefix p`',
    );
    // A hint naming a run by name takes no run flag: `launch stop shop --log-dir x` is refused.
    expect(withGivenFlags('(`launch stop <run>` stops one)', ['--log-dir', '/x'])).toBe(
      '(`launch stop <run>` stops one)',
    );
  });

  it('stop with a wrong --log-dir says where it looked and that no run used it; its hint carries the flag', async () => {
    const dir = await initPlanDir();
    const wrong = join(tempDir(), 'nothing here');
    const result = await inProcess(['stop', '--log-dir', wrong], dir);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      new RegExp(
        `^nothing was running: no watchdog for log dir ${wrong}, no loop-\\* sessions on tmux socket \\S+; no run has used that log dir \\(wrong --log-dir\\?\\)\\n$`,
      ),
    );
  });

  it('an error hint carries the flags too', async () => {
    const dir = await initPlanDir();
    const logDir = join(dir, 'elsewhere');
    const result = await inProcess(['events', '--log-dir', logDir], dir);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`(\`launch start --log-dir ${logDir}\`)`);
  });
});

/** A live process standing in for the watchdog: it holds the lock, as in status-ops.test.ts. */
function fakeWatchdog(logDir: string): { pid: number; end: () => void } {
  const holder = execa(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'watchdog'], {
    reject: false,
  });
  mkdirSync(logDir, { recursive: true });
  writeFileSync(
    join(logDir, 'watchdog.lock'),
    JSON.stringify({ pid: holder.pid, startedAt: new Date().toISOString(), host: hostname() }),
  );
  writeFileSync(join(logDir, 'state.json'), JSON.stringify(initialState(0)));
  return { pid: holder.pid ?? 0, end: () => holder.kill() };
}

describe('pause and resume', () => {
  it('are idempotent, say what happens next, and status shows PAUSED first while the watchdog runs', async () => {
    const dir = await initPlanDir();
    const logDir = join(dir, '.launch');
    const watchdog = fakeWatchdog(logDir);
    try {
      const paused = await inProcess(['pause', 'reviewing', 'by', 'hand'], dir);
      expect(paused.code).toBe(0);
      expect(paused.out).toBe(
        `paused (${join(logDir, 'STOP')}): the watchdog (pid ${watchdog.pid}) takes no action from its next tick (within 30s); the agents keep running\n` +
          '`launch resume` continues\n',
      );
      expect(readFileSync(join(logDir, 'STOP'), 'utf8')).toMatch(
        /^paused by launch pause at .*: reviewing by hand\n/,
      );
      const twice = await inProcess(['pause'], dir);
      expect(twice.code).toBe(0);
      expect(twice.out).toMatch(
        /^already paused \d+s ago \(.*STOP: paused by launch pause at .*\); `launch resume` continues\n$/,
      );

      const status = await inProcess(['status'], dir);
      expect(status.code).toBe(0);
      const [first] = status.out.split('\n');
      expect(first).toMatch(
        new RegExp(
          `^PAUSED \\d+s ago: the watchdog \\(pid ${watchdog.pid}\\) is running and takes no action; \`launch resume\` continues — paused by launch pause`,
        ),
      );
      expect(status.out).not.toMatch(/no watchdog: read from the pane/);
      expect(status.out).toMatch(
        /^watchdog\s+loop-watchdog\s+running\s+\S+\s+paused \(no action taken\), pid \d+/m,
      );
      const json = JSON.parse((await inProcess(['status', '--json'], dir)).out) as {
        paused: { since: string; note: string } | null;
      };
      expect(json.paused?.note).toMatch(/reviewing by hand/);

      const resumed = await inProcess(['resume', '--log-dir', logDir], dir);
      expect(resumed.out).toMatch(
        new RegExp(
          `^resumed after \\d+s: the watchdog \\(pid ${watchdog.pid}\\) acts again from its next tick \\(within 30s\\)\\n$`,
        ),
      );
      expect(existsSync(join(logDir, 'STOP'))).toBe(false);
      const again = await inProcess(['resume'], dir);
      expect(again).toMatchObject({
        code: 0,
        out: `not paused (no ${logDir}/STOP); nothing to do\n`,
      });
      expect((await inProcess(['status'], dir)).out).not.toMatch(/PAUSED/);
    } finally {
      watchdog.end();
    }
  });

  it('a paused run with no watchdog says that one started now would take no action', async () => {
    const dir = await initPlanDir();
    await inProcess(['pause'], dir);
    const status = await inProcess(['status', '--socket', 'nosuch'], dir);
    expect(status.out.split('\n')[0]).toMatch(
      /^PAUSED \d+s ago: no watchdog is running; one started now would take no action; `launch resume --socket nosuch` continues/,
    );
  });
});

describe('typos get "did you mean", one line, exit 2', () => {
  it.each([
    [
      ['phases', 'valdate'],
      'launch: unknown phases subcommand "valdate" (did you mean validate?); expected list or validate',
    ],
    [
      ['logs', 'buidler'],
      'launch: unknown log "buidler" (did you mean builder?); expected one of builder, adversary, orchestrator, watchdog',
    ],
    [
      ['send', 'buidler', 'hello'],
      'launch: unknown role "buidler" (did you mean builder?); expected one of builder, adversary, orchestrator',
    ],
    [
      ['restart', 'advesary'],
      'launch: unknown role "advesary" (did you mean adversary?); expected one of builder, adversary, orchestrator',
    ],
    [
      ['attach', 'orchestrater'],
      'launch: unknown role "orchestrater" (did you mean orchestrator?); expected one of builder, adversary, orchestrator',
    ],
    [['statsu'], "launch: unknown command 'statsu' (did you mean status?)"],
  ])('launch %j', async (argv, message) => {
    const dir = await initPlanDir();
    const result = await runLaunch(argv, {
      cwd: dir,
      env: { LAUNCH_TMUX_SOCKET: uniqueSocketName('typo') },
    });
    expect(result.exitCode).toBe(2);
    expect(lines(result.stderr)).toEqual([message]);
  });
});

describe('help', () => {
  it('every command shows the global flags and an example; numeric defaults are numbers', async () => {
    const cwd = tempDir();
    const top = await runLaunch(['--help'], { cwd });
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1] ?? '');
    for (const name of ['pause', 'resume', 'attach', 'send', 'restart'])
      expect(commands).toContain(name);
    for (const name of commands.filter((command) => command !== 'help')) {
      const help = await runLaunch([name, '--help'], { cwd });
      expect(help.exitCode, name).toBe(0);
      expect(help.stdout, name).toMatch(/^Global Options:\n(?:.*\n)*? {2}--log-dir <dir>/m);
      expect(help.stdout, name).toMatch(/^Examples:\n {2}(launch|tmux) /m);
      expect(help.stdout, name).not.toMatch(/\(default: "\d+"\)/);
    }
    expect((await runLaunch(['logs', '--help'], { cwd })).stdout).toMatch(/\(default: 40\)/);
    // The subcommands of a command too.
    for (const sub of [
      ['phases', 'list'],
      ['phases', 'validate'],
    ]) {
      const help = await runLaunch([...sub, '--help'], { cwd });
      expect(help.stdout, sub.join(' ')).toMatch(
        /^Global Options:\n(?:.*\n)*? {2}--log-dir <dir>/m,
      );
      expect(help.stdout, sub.join(' ')).toMatch(
        new RegExp(`^Examples:\\n {2}launch ${sub.join(' ')}`, 'm'),
      );
    }
  }, 180_000);
});

describe('a closed pipe is not an error', () => {
  it('`launch events | head -1` and `launch --help | head -1` exit quietly', async () => {
    const dir = await initPlanDir();
    const logDir = join(dir, '.launch');
    mkdirSync(logDir, { recursive: true });
    const start = Date.now() - 3_600_000;
    writeFileSync(
      join(logDir, 'events.jsonl'),
      Array.from({ length: 3000 }, (_, index) =>
        JSON.stringify({
          ts: new Date(start + index * 1000).toISOString(),
          type: 'pinged',
          role: 'adversary',
          reason: `claim(gate-${index}): ${'x'.repeat(200)}`,
        }),
      ).join('\n') + '\n',
    );
    for (const argv of [['events', '-n', '3000'], ['--help']]) {
      // A real pipe: `sh -c 'launch … | head -1'` and the exit status of launch itself.
      const result = await execa(
        'sh',
        ['-c', '"$0" "$@" | head -1 >/dev/null; exit 0', LAUNCH_BIN, ...argv],
        { cwd: dir, env: baseEnv(), extendEnv: false, reject: false },
      );
      expect(result.stderr, argv.join(' ')).toBe('');
      // And with the reader gone before launch writes: the exit code of launch itself.
      const child = execa(LAUNCH_BIN, argv, {
        cwd: dir,
        env: baseEnv(),
        extendEnv: false,
        reject: false,
        buffer: false,
      });
      child.stdout?.destroy();
      const ended = await child;
      expect(ended.exitCode, argv.join(' ')).toBe(0);
      expect(String(ended.stderr ?? ''), argv.join(' ')).toBe('');
    }
  });
});

describe('status -w', () => {
  it('refuses when stdout is not a terminal: one line, exit 2', async () => {
    const dir = await initPlanDir();
    const result = await runLaunch(['status', '-w', '--socket', 'x1'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(lines(result.stderr)).toEqual([
      'launch: status -w redraws in place and needs a terminal; stdout is not one (for a running log use `launch events -f --socket x1`)',
    ]);
  });

  it('on a terminal redraws the status in place until interrupted, then exits 0', async () => {
    const dir = await initPlanDir();
    let frames = 0;
    let out = '';
    let interrupt: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
    const code = await main(['status', '-w'], {
      env: { LAUNCH_TMUX_SOCKET: uniqueSocketName('watch'), TZ: 'UTC' },
      cwd: dir,
      io: {
        out: (text) => {
          out += text;
          if (text.includes('phase p1')) frames++;
          if (frames === 1) setTimeout(() => interrupt(), 2500);
        },
        err: () => undefined,
        isTTY: true,
        color: false,
        terminalSize: () => ({ columns: 120, rows: 40 }),
      },
      now: () => new Date(),
      launchBin: '/bin/false',
      interrupted: () => interrupted,
    });
    expect(code).toBe(0);
    expect(frames).toBe(2);
    // The second frame moves back over the first (cursor up N lines), and the cursor comes back.
    expect(out).toMatch(/\u001b\[\d+F\u001b\[J/);
    expect(out.endsWith('\u001b[?25h')).toBe(true);
  });
});
