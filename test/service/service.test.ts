// `launch service systemd|cron`: the unit passes `systemd-analyze verify` (when the tool is here)
// with odd paths; the environment carries exactly the settings that differ from the config file;
// the cron line, run by /bin/sh as cron would, starts `launch watchdog --once` as intended; and the
// unit's ExecStop leaves the agents alone when the watchdog had already exited.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import { readEnvLayer } from '../../src/config/sources.js';
import { renderCronLine } from '../../src/service/cron-line.js';
import { serviceEnvironment } from '../../src/service/service-env.js';
import { which } from '../../src/util/which.js';
import { privateTmux } from '../helpers/private-tmux.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

const ODD = `plan it's "odd" $(touch PWNED) 100% \`x\``;
const SYSTEMD_ANALYZE = which('systemd-analyze', process.env, '/');

async function oddPlan(): Promise<string> {
  const parent = tempDir();
  const plan = join(parent, ODD);
  const init = await runLaunch(['init', plan], { cwd: parent });
  expect(init.exitCode).toBe(0);
  return plan;
}

const ENV = {
  STALL_IDLE: '600',
  LAUNCH_TMUX_SOCKET: 'svc-test',
  NOTIFY_COMMAND: `notify-send 'a b' "it's" 100%`,
  NOTIFY_ON: 'phase-done,limit-armed',
};

/** The lines of one [Section] of a unit. */
function section(unit: string, name: string): string[] {
  const start = unit.indexOf(`[${name}]\n`);
  const rest = unit.slice(start + name.length + 3);
  const end = rest.search(/^\[/m);
  return (end === -1 ? rest : rest.slice(0, end)).split('\n').filter((line) => line !== '');
}

/** Environment="K=V" back to [K, V] (systemd's unescaping of what the unit writer escaped). */
function environment(unit: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of section(unit, 'Service')) {
    const quoted = /^Environment="(.*)"$/.exec(line)?.[1];
    if (quoted === undefined) continue;
    const text = quoted.replace(/%%/g, '%').replace(/\\(["\\])/g, '$1');
    const at = text.indexOf('=');
    vars[text.slice(0, at)] = text.slice(at + 1);
  }
  return vars;
}

describe('launch service systemd', () => {
  it('prints a unit for the watchdog with the settings in force now', async () => {
    const plan = await oddPlan();
    const result = await runLaunch(['service', 'systemd'], { cwd: plan, env: ENV });
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const unit = result.stdout;
    expect(section(unit, 'Unit')).toEqual(
      expect.arrayContaining(['StartLimitIntervalSec=600', 'StartLimitBurst=5']),
    );
    const service = section(unit, 'Service');
    expect(service).toEqual(
      expect.arrayContaining([
        'Restart=on-failure',
        'KillMode=process',
        `WorkingDirectory=${plan.replace(/%/g, '%%')}`,
      ]),
    );
    expect(service.find((line) => line.startsWith('ExecStart='))).toMatch(
      /^ExecStart="[^"]+node" ".*bin\/launch" watchdog$/,
    );
    expect(service.find((line) => line.startsWith('ExecStop='))).toMatch(
      /^ExecStop="[^"]+node" ".*bin\/launch" stop --systemd-main-pid=\$\{MAINPID\}$/,
    );
    expect(section(unit, 'Install')).toEqual(['WantedBy=default.target']);

    const vars = environment(unit);
    expect(vars).toMatchObject({
      PLAN_DIR: plan,
      LOG_DIR: join(plan, '.launch'),
      STALL_IDLE: '600',
      LAUNCH_TMUX_SOCKET: 'svc-test',
      NOTIFY_ON: 'phase-done,limit-armed',
      PATH: expect.any(String) as string,
      HOME: expect.any(String) as string,
    });
    // Settings equal to what the config file gives are left to the config file.
    expect(vars).not.toHaveProperty('WATCH_INTERVAL');
    expect(vars).not.toHaveProperty('LOOP_BACKEND');
    // What the unit passes is read back as the same settings.
    const layer = readEnvLayer(vars, '/');
    expect(layer.ok && layer.value.values).toMatchObject({
      notifyCommand: ['notify-send', 'a b', "it's", '100%'],
      notifyOn: ['phase-done', 'limit-armed'],
      stallIdle: 600,
      planDir: plan,
    });
  });

  const verify = SYSTEMD_ANALYZE ? it : it.skip;
  verify(
    SYSTEMD_ANALYZE
      ? 'passes systemd-analyze verify, as a user unit and as a system unit'
      : 'passes systemd-analyze verify (skipped: systemd-analyze is not on this machine)',
    async () => {
      const plan = await oddPlan();
      for (const args of [
        ['service', 'systemd'],
        ['service', 'systemd', '--system', '--metrics'],
      ]) {
        const result = await runLaunch(args, { cwd: plan, env: ENV });
        expect(result.exitCode).toBe(0);
        const file = join(tempDir(), 'launch-verify.service');
        writeFileSync(file, result.stdout);
        const verified = await execa(SYSTEMD_ANALYZE ?? 'systemd-analyze', ['verify', file], {
          reject: false,
        });
        // Any warning (an unknown key, a setting in the wrong section, bad quoting) is a failure.
        expect({ exitCode: verified.exitCode, stderr: verified.stderr }).toEqual({
          exitCode: 0,
          stderr: '',
        });
      }
    },
    30_000,
  );

  it('refuses an unknown kind and a plan dir that cannot run, in one line, exit 2', async () => {
    const plan = await oddPlan();
    const bad = await runLaunch(['service', 'upstart'], { cwd: plan });
    expect(bad).toMatchObject({
      exitCode: 2,
      stderr: 'launch: unknown service "upstart"; expected one of systemd, cron',
    });
    const empty = await runLaunch(['service', 'systemd'], { cwd: tempDir() });
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/^launch: not a plan dir: cd to one or pass --plan-dir/);
    const every = await runLaunch(['service', 'cron', '--every', '90'], { cwd: plan });
    expect(every.stderr).toBe(
      'launch: --every must be a whole number of minutes from 1 to 59, got "90"',
    );
  });
});

describe('the service environment', () => {
  it('carries PATH and HOME, the paths, and only the settings that differ from the config file', () => {
    const plan = tempDir();
    writeFileSync(
      join(plan, 'launch.config.json'),
      JSON.stringify({ stallIdle: 900, claudeFlags: ['--verbose'] }),
    );
    const load = (env: Record<string, string>) => {
      const loaded = loadSettings({ cwd: plan, env });
      if (!loaded.ok) throw new Error(loaded.error.join('\n'));
      return loaded.value.settings;
    };
    const fromFile = load({});
    const current = load({ STALL_IDLE: '900', SIGNAL_INTERVAL: '10', WATCH_ORCHESTRATOR: '0' });
    const { vars, notes } = serviceEnvironment(current, fromFile, {
      PATH: '/usr/bin',
      HOME: '/home/me',
      SECRET_TOKEN: 'never carried',
    });
    expect(vars).toEqual([
      ['PATH', '/usr/bin'],
      ['HOME', '/home/me'],
      ['PLAN_DIR', plan],
      ['LOG_DIR', join(plan, '.launch')],
      ['SIGNAL_INTERVAL', '10'],
      ['WATCH_ORCHESTRATOR', '0'],
    ]);
    expect(notes).toEqual([]);
    const unset = serviceEnvironment({ ...current, claudeFlags: null }, fromFile, {});
    expect(unset.notes).toEqual([
      'CLAUDE_FLAGS is unset now but launch.config.json sets "claudeFlags"; the service will use the file\'s value',
    ]);
  });
});

describe('launch service cron', () => {
  it('prints a line that /bin/sh runs as `launch watchdog --once` in the plan dir, paths inert', async () => {
    const root = tempDir();
    const plan = join(root, ODD);
    const logDir = join(plan, '.launch');
    mkdirSync(logDir, { recursive: true });
    // Stands in for bin/launch: records how it was started.
    const fake = join(root, `fake launch's "bin" 100%.mjs`);
    const record = join(root, 'started.json');
    writeFileSync(
      fake,
      `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), planDir: process.env.PLAN_DIR, flags: process.env.CLAUDE_FLAGS }));
console.log('tick done');
`,
    );
    const line = renderCronLine({
      node: process.execPath,
      launchBin: fake,
      planDir: plan,
      logDir,
      everyMinutes: 5,
      generatedAt: '2026-11-22T00:00:00.000Z',
      environment: {
        vars: [
          ['PATH', process.env.PATH ?? '/usr/bin:/bin'],
          ['PLAN_DIR', plan],
          ['CLAUDE_FLAGS', `--model 'x y' $(boom) 50%`],
        ],
        notes: [],
      },
    });
    const entry = line.split('\n').find((text) => text.startsWith('*/5 * * * * '));
    expect(entry).toBeDefined();
    // cron turns an unescaped % into a newline; an escaped one into %.
    expect(entry).not.toMatch(/[^\\]%/);
    const command = (entry ?? '').slice('*/5 * * * * '.length).replace(/\\%/g, '%');
    const ran = await execa('/bin/sh', ['-c', command], { cwd: root, reject: false });
    expect(ran.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({
      argv: ['watchdog', '--once'],
      cwd: plan,
      planDir: plan,
      flags: `--model 'x y' $(boom) 50%`,
    });
    expect(readFileSync(join(logDir, 'cron.log'), 'utf8')).toBe('tick done\n');
  });

  it('comes out of the CLI with the current settings', async () => {
    const plan = await oddPlan();
    const result = await runLaunch(['service', 'cron'], { cwd: plan, env: { STALL_IDLE: '42' } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^\* \* \* \* \* cd '.*' && .*STALL_IDLE='42' .* watchdog --once >> '.*cron\.log' 2>&1$/m,
    );
  });
});

describe('launch stop as ExecStop', () => {
  const world = privateTmux('svc');
  afterAll(() => world.dispose());

  it('leaves the agents alone when the watchdog already exited ($MAINPID empty), stops them otherwise', async () => {
    const plan = tempDir();
    await runLaunch(['init', plan], { cwd: plan });
    const env = { LAUNCH_TMUX_SOCKET: world.socket, SESSION_PREFIX: 'svc' };
    await world.tmux.newSession({
      name: 'svc-builder',
      cwd: plan,
      command: [process.execPath, '-e', 'setInterval(() => {}, 1000)'],
    });
    const after = await runLaunch(['stop', '--systemd-main-pid='], { cwd: plan, env });
    expect(after).toMatchObject({
      exitCode: 0,
      stdout: 'the watchdog had already exited; agent sessions left as they are',
    });
    expect(await world.tmux.hasSession('svc-builder')).toBe(true);
    const stop = await runLaunch(['stop', '--systemd-main-pid=4242'], { cwd: plan, env });
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toMatch(/stopped svc-builder/);
    expect(await world.tmux.hasSession('svc-builder')).toBe(false);
  });
});
