// Several hosts over real OpenSSH (no mocks): two sshd on 127.0.0.1, each letting in its own
// throw-away user who stands for a host with a registered run; `launch ls --all-hosts`, commands
// on `host:run`, hostile names and hosts, and a host going down.
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { LAUNCH_BIN, runLaunch, spawnLaunch } from '../helpers/run-launch.js';
import { pidsOfUid, sshSkipReason, startSshWorld, type SshWorld } from '../helpers/ssh-world.js';
import { waitFor } from '../helpers/wait-for.js';

const CHECKOUT = fileURLToPath(new URL('../..', import.meta.url));
const REGISTER = fileURLToPath(new URL('../fixtures/register-run.mjs', import.meta.url));
const CONNECT_TIMEOUT = 5;

const skip = sshSkipReason();
if (skip !== null) console.warn(`skipping the real-ssh tests: ${skip}`);

/** Command lines of a uid's processes (to see a remote follow come and go). */
function commandLines(uid: number): string[] {
  return pidsOfUid(uid).map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\u0000').join(' ');
    } catch {
      return '';
    }
  });
}

describe.skipIf(skip !== null)('several hosts over OpenSSH', () => {
  let world: SshWorld;
  let here: { dir: string; remove: () => void };
  let plan: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await startSshWorld(['a', 'b']);
    // Each "host" has a plan dir and a run registered by launch's own registry, as its user.
    for (const host of world.hosts) {
      const hostPlan = join(host.home, `plan-${host.alias}`);
      await world.asUser(host, LAUNCH_BIN, ['init', hostPlan]);
      await world.asUser(host, 'node', [REGISTER, CHECKOUT, hostPlan, `shop-${host.alias}`]);
    }
    here = makeTempDir('lh-');
    plan = join(here.dir, 'plan');
    mkdirSync(plan);
    writeFileSync(
      join(plan, 'launch.config.json'),
      JSON.stringify({
        hosts: world.hosts.map((host) => ({
          name: host.alias,
          ssh: host.alias,
          launch: LAUNCH_BIN,
        })),
        sshConnectTimeout: CONNECT_TIMEOUT,
        sshConfig: world.clientConfig,
      }),
    );
    env = { XDG_STATE_HOME: join(here.dir, 'state') };
  }, 120_000);

  afterAll(async () => {
    await world?.cleanup();
    here?.remove();
  }, 60_000);

  it('ls --all-hosts lists the runs of both hosts (and this machine, which has none)', async () => {
    const table = await runLaunch(['ls', '--all-hosts'], { cwd: plan, env });
    expect(table.stderr).toBe('');
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^HOST\s+RUN\s+PLAN DIR/);
    expect(lines.find((line) => line.startsWith('a '))).toContain('shop-a');
    expect(lines.find((line) => line.startsWith('b '))).toContain('shop-b');

    const json = await runLaunch(['ls', '--all-hosts', '--json'], { cwd: plan, env });
    expect(json.exitCode).toBe(0);
    const fleet = JSON.parse(json.stdout) as {
      runs: { host: string; name: string; planDir: string; state: string }[];
      hosts: { name: string; ok: boolean; error: string | null }[];
    };
    expect(fleet.runs.map((run) => `${run.host}:${run.name}`).sort()).toEqual([
      'a:shop-a',
      'b:shop-b',
    ]);
    expect(fleet.runs.find((run) => run.host === 'a')?.planDir).toBe(
      join(world.hosts[0]!.home, 'plan-a'),
    );
    expect(fleet.hosts).toEqual([
      { name: 'local', ok: true, error: null },
      { name: 'a', ok: true, error: null },
      { name: 'b', ok: true, error: null },
    ]);
    // One shared connection per host, in this plan dir's log dir.
    expect(existsSync(join(plan, '.launch', 'ssh'))).toBe(true);
  }, 60_000);

  it('status host:run runs status on that host for that run, exit code kept', async () => {
    const status = await runLaunch(['status', '--json', 'b:shop-b'], { cwd: plan, env });
    expect(status.stderr).toBe('');
    expect(status.exitCode).toBe(0);
    const view = JSON.parse(status.stdout) as {
      phase: { id: string };
      watchdog: { running: boolean };
    };
    expect(view.watchdog.running).toBe(false);
    expect(view.phase.id).toBeTruthy();

    const viaFlag = await runLaunch(['--host', 'a', 'status', '--run', 'shop-a', '--json'], {
      cwd: here.dir,
      env: { ...env, LAUNCH_HOSTS: '', LAUNCH_SSH_CONFIG: world.clientConfig },
    });
    // No plan dir here: the host is taken as an ssh destination, `launch` looked up on its PATH.
    expect([viaFlag.exitCode, viaFlag.stderr]).toEqual([
      127,
      expect.stringContaining('launch: not found') as unknown,
    ]);

    const unknown = await runLaunch(['status', 'a:shop-z'], { cwd: plan, env });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no run named shop-z');
  }, 60_000);

  it('hostile run names reach the remote launch as plain words, never as shell', async () => {
    const marker = join(here.dir, 'pwned');
    for (const name of [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `x;touch ${marker}`,
      `'; touch ${marker}; '`,
    ]) {
      const result = await runLaunch(['status', `a:${name}`], { cwd: plan, env });
      expect(result.exitCode, name).toBe(2);
      expect(result.stderr, name).toMatch(/run name/);
    }
    expect(existsSync(marker)).toBe(false);
    // A remote (or marker-home) file the user a could write: nothing there either.
    expect(existsSync(join(world.hosts[0]!.home, 'pwned'))).toBe(false);
  }, 60_000);

  it('a malformed host is one line, exit 2, and nothing is run', async () => {
    const marker = join(here.dir, 'proxied');
    for (const host of ['', `-oProxyCommand=touch ${marker}`, 'a b', 'a\nb']) {
      const result = await runLaunch(['--host', host, 'status'], { cwd: plan, env });
      expect(result.exitCode, host).toBe(2);
      expect(result.stderr.trim().split('\n'), host).toHaveLength(1);
      expect(result.stderr, host).toMatch(/^launch: malformed host: /);
      expect(result.stdout, host).toBe('');
    }
    const inRef = await runLaunch(['status', `-x:shop-a`], { cwd: plan, env });
    expect(inRef.exitCode).toBe(2);
    expect(existsSync(marker)).toBe(false);
  }, 60_000);

  it('events -f on a host: output streamed, and ending it here ends the remote follow', async () => {
    const user = world.hosts[0]!;
    const ledger = join(user.home, 'plan-a', '.launch', 'events.jsonl');
    writeFileSync(
      ledger,
      `${JSON.stringify({ ts: new Date().toISOString(), type: 'handoff-ping', role: 'adversary', subject: 'claim(gate-3): cache ready', sha: 'abc1234' })}\n`,
    );
    chownSync(ledger, user.uid, user.uid);
    const follow = spawnLaunch(['events', '-f', 'a:shop-a'], { cwd: plan, env });
    let seen = '';
    follow.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString('utf8')));
    // The remote launch has a terminal (so the follow ends with the connection) and colours its
    // output there: what reaches us has no terminal sequences left.
    await waitFor('the remote event streamed back', () => seen.includes('pinged'), {
      timeoutMs: 20_000,
      describe: () => seen,
    });
    expect(seen).not.toMatch(/[\u001b\u009b\r]/);
    await waitFor(
      'the remote follow to run as user a',
      () => commandLines(user.uid).some((line) => line.includes('events -f')),
      { timeoutMs: 20_000 },
    );
    follow.kill('SIGINT');
    const ended = await follow;
    expect([ended.exitCode, ended.signal, String(ended.stderr)]).toEqual([0, undefined, '']);
    await waitFor(
      'the remote follow to end',
      () => !commandLines(user.uid).some((line) => line.includes('events -f')),
      { timeoutMs: 20_000, describe: () => commandLines(user.uid).join('\n') },
    );
  }, 60_000);

  it('a host that accepts a connection and never speaks is unreachable within the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const started = Date.now();
      const result = await runLaunch(
        ['ls', '--all-hosts', '--host', `ssh://nobody@127.0.0.1:${port}`],
        {
          cwd: plan,
          env,
        },
      );
      const took = (Date.now() - started) / 1000;
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('shop-a');
      expect(result.stdout).toContain('shop-b');
      const problems = result.stderr.trim().split('\n');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^launch: host ssh:\/\/nobody@127\.0\.0\.1:\d+: unreachable \(.+\)$/,
      );
      expect(took).toBeLessThan(CONNECT_TIMEOUT + 10 + 5);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 60_000);

  it('one host\'s sshd stopped: one line "host b: unreachable" within the timeout, the rest listed', async () => {
    const b = world.hosts[1]!;
    await b.stop();
    const started = Date.now();
    const result = await runLaunch(['ls', '--all-hosts'], { cwd: plan, env });
    const took = (Date.now() - started) / 1000;
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('shop-a');
    expect(result.stdout).not.toContain('shop-b');
    const problems = result.stderr.trim().split('\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^launch: host b: unreachable \(.+\)$/);
    expect(took).toBeLessThan(CONNECT_TIMEOUT + 10);

    const json = await runLaunch(['ls', '--all-hosts', '--json'], { cwd: plan, env });
    expect(json.exitCode).toBe(1);
    const fleet = JSON.parse(json.stdout) as {
      hosts: { name: string; ok: boolean; error: string | null }[];
    };
    expect(fleet.hosts.find((host) => host.name === 'b')).toMatchObject({ ok: false });

    const status = await runLaunch(['status', 'b:shop-b'], { cwd: plan, env });
    expect(status.exitCode).toBe(1);
    expect(status.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^launch: host b: unreachable \(.+\)$/),
    ]);
  }, 60_000);
});
