// The watchdog's status socket and status's client of it, over real Unix sockets: a fresh look at
// the panes goes one way and back; anything else (a malformed request, a failed look, a socket
// nobody answers, a watchdog that never replies) leaves status to ask tmux itself; a file left by a
// dead watchdog is replaced and a live watchdog's socket is never taken.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaneSnapshot, TmuxFailure } from '../../src/adapters/tmux.js';
import type { PaneInfo } from '../../src/adapters/tmux-pane-list.js';
import { statusSocketPath } from '../../src/status/status-socket-path.js';
import { requestWatchdogPanes } from '../../src/status/watchdog-panes.js';
import { askEarly } from '../../src/status/watchdog-ask.js';
import { guessLogDir } from '../../src/status/early-look.js';
import { servedStatus, type ServedStatus } from '../../src/status/served-status.js';
import type { ServedStatusRequest } from '../../src/status/served-status-protocol.js';
import { packagePath } from '../../src/util/package-root.js';
import { waitFor } from '../helpers/wait-for.js';
import { startStatusSocket, type StatusSocket } from '../../src/watchdog/status-socket.js';
import { err, ok, type Result } from '../../src/util/result.js';
import { tempDir } from '../helpers/temp-dir.js';

const pane = (session: string): PaneInfo => ({
  session,
  paneId: '%1',
  pid: 4242,
  dead: false,
  deadStatus: null,
  deadSignal: null,
  activity: 1_796_541_033,
  command: 'node',
  width: 200,
  height: 50,
});

/** The watchdog's answer alone, as status awaits it once its files are read. */
const watchdogPanes = (logDir: string, sessions: readonly string[], timeoutMs?: number) =>
  requestWatchdogPanes(logDir, sessions, timeoutMs).answer;

const resolved = <T>(value: T): Promise<T> => Promise.resolve(value);

const open: StatusSocket[] = [];
afterEach(async () => {
  for (const socket of open.splice(0)) await socket.close();
});

async function serve(
  logDir: string,
  snapshot: (sessions: readonly string[]) => Promise<Result<PaneSnapshot, TmuxFailure>>,
): Promise<StatusSocket> {
  const started = await startStatusSocket(logDir, snapshot, () => undefined);
  if (!started.ok) throw new Error(started.error);
  open.push(started.value);
  return started.value;
}

/** One raw request line; the answer line as sent. */
function ask(path: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = createConnection(path, () => socket.write(line));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

/**
 * A socket at `logDir`'s status path that accepts and never answers by itself (a wedged
 * watchdog); `held` lists its connections, each once it has sent its request when `afterRequest`.
 */
async function silentWatchdog(logDir: string, afterRequest = false) {
  const held: Socket[] = [];
  const server = createServer((connection) => {
    if (afterRequest) connection.once('data', () => held.push(connection));
    else held.push(connection);
  });
  await new Promise<void>((resolve) => server.listen(statusSocketPath(logDir), resolve));
  return {
    held,
    close: async () => {
      for (const connection of held) connection.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('the status socket', () => {
  it("answers status's request with every pane and the screens it asked for", async () => {
    const logDir = tempDir();
    const asked: (readonly string[])[] = [];
    await serve(logDir, (sessions) => {
      asked.push(sessions);
      return resolved(
        ok({
          panes: [pane('loop-builder'), pane('loop-adv')],
          screens: new Map([['loop-adv', '> ready']]),
          calls: 1,
        }),
      );
    });
    const seen = await watchdogPanes(logDir, ['loop-adv']);
    expect(asked).toEqual([['loop-adv']]);
    expect(seen?.panes.map((listed) => listed.session)).toEqual(['loop-builder', 'loop-adv']);
    expect(seen?.panes[0]).toEqual(pane('loop-builder'));
    expect([...(seen?.screens ?? [])]).toEqual([['loop-adv', '> ready']]);
  });

  it('says no to what is not a status request, and status then asks tmux itself', async () => {
    const logDir = tempDir();
    const socket = await serve(logDir, () =>
      resolved(ok({ panes: [], screens: new Map(), calls: 1 })),
    );
    expect(JSON.parse(await ask(socket.path, 'not json\n'))).toEqual({
      ok: false,
      reason: 'request is not JSON',
    });
    expect(JSON.parse(await ask(socket.path, '{"sessions":[1],"x":2}\n'))).toEqual({
      ok: false,
      reason: 'request is not a status request',
    });
    // Socket names are short hashes: a request for another log dir is not answered for it.
    const other = JSON.stringify({ logDir: `${logDir}-other`, sessions: [] });
    expect(JSON.parse(await ask(socket.path, `${other}\n`))).toEqual({
      ok: false,
      reason: 'another run',
    });
  });

  it('passes a failed look on as no answer (status falls back to tmux)', async () => {
    const logDir = tempDir();
    await serve(logDir, () => resolved(err({ reason: 'timeout', detail: 'tmux took too long' })));
    expect(await watchdogPanes(logDir, [])).toBeNull();
  });

  it('gives no answer at once where no watchdog serves, and within the timeout where one never replies', async () => {
    expect(await watchdogPanes(tempDir(), ['loop-builder'])).toBeNull();
    // A socket that accepts and never writes: a wedged watchdog.
    const logDir = tempDir();
    const silent = await silentWatchdog(logDir);
    try {
      const started = Date.now();
      expect(await watchdogPanes(logDir, [], 300)).toBeNull();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });

  it('replaces the file a dead watchdog left, never the socket of a live one, and removes its own', async () => {
    const logDir = tempDir();
    const path = statusSocketPath(logDir);
    // What kill -9 leaves: a socket file nobody listens on (here, a plain file in its place).
    writeFileSync(path, '');
    const first = await serve(logDir, () =>
      resolved(ok({ panes: [], screens: new Map(), calls: 1 })),
    );
    expect(first.path).toBe(path);
    const second = await startStatusSocket(
      logDir,
      () => resolved(ok({ panes: [], screens: new Map(), calls: 1 })),
      () => undefined,
    );
    expect(second).toEqual({ ok: false, error: `${path} is served by another watchdog` });
    expect(await watchdogPanes(logDir, [])).toEqual({ panes: [], screens: new Map(), calls: 0 });
    await first.close();
    open.splice(0);
    expect(existsSync(path)).toBe(false);
  });

  it("removes dead watchdogs' sockets when one starts, and leaves live ones", async () => {
    const live = await serve(tempDir(), () =>
      resolved(ok({ panes: [], screens: new Map(), calls: 1 })),
    );
    // A watchdog killed with SIGKILL: its socket file stays, and nobody listens on it.
    const deadPath = statusSocketPath(tempDir());
    const holder = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(deadPath)}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(existsSync(deadPath)).toBe(true);
    await serve(tempDir(), () => resolved(ok({ panes: [], screens: new Map(), calls: 1 })));
    expect(existsSync(deadPath)).toBe(false);
    expect(existsSync(live.path)).toBe(true);
  });

  it("says why it cannot serve where the socket folder is not the user's own, and throws nothing", async () => {
    const temp = tempDir();
    // launch's short-path folder, made by someone else's mistake with a mode others may write to.
    mkdirSync(join(temp, `launch-${process.getuid?.() ?? 0}`), { mode: 0o777 });
    chmodSync(join(temp, `launch-${process.getuid?.() ?? 0}`), 0o777);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    try {
      const started = await startStatusSocket(
        tempDir(),
        () => resolved(ok({ panes: [], screens: new Map(), calls: 1 })),
        () => undefined,
      );
      expect(started.ok).toBe(false);
      if (!started.ok)
        expect(started.error).toMatch(
          /^cannot serve .*must be a directory owned by you with mode 0700/,
        );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('keeps socket paths short whatever the log dir', () => {
    const deep = join(tempDir(), 'a'.repeat(150), 'b'.repeat(100), '.launch');
    expect(statusSocketPath(deep).length).toBeLessThan(104);
  });
});

const lookOf = (session: string) =>
  resolved(ok({ panes: [pane(session)], screens: new Map<string, string | null>(), calls: 1 }));

describe("status's early question (asked before the CLI loads)", () => {
  it('is the one question status asks when it fits: same run, panes alone', async () => {
    const logDir = tempDir();
    const asked: (readonly string[])[] = [];
    await serve(logDir, (sessions) => {
      asked.push(sessions);
      return lookOf('loop-builder');
    });
    askEarly(logDir);
    const seen = await watchdogPanes(logDir, []);
    expect(seen?.panes.map((listed) => listed.session)).toEqual(['loop-builder']);
    expect(asked).toEqual([[]]);
  });

  it('is let go, and status asks anew, for another run or when it needs screens', async () => {
    const guessed = tempDir();
    const actual = tempDir();
    const asked: string[] = [];
    await serve(guessed, () => {
      asked.push('guessed');
      return lookOf('guessed-builder');
    });
    await serve(actual, (sessions) => {
      asked.push(`actual ${sessions.join(',')}`);
      return lookOf('actual-builder');
    });
    askEarly(guessed);
    const other = await watchdogPanes(actual, []);
    expect(other?.panes.map((listed) => listed.session)).toEqual(['actual-builder']);
    askEarly(actual);
    const withScreens = await watchdogPanes(actual, ['loop-adv']);
    expect(withScreens?.panes.map((listed) => listed.session)).toEqual(['actual-builder']);
    await waitFor('both early questions answered', () => asked.length === 4);
    expect(asked.sort()).toEqual(['actual ', 'actual ', 'actual loop-adv', 'guessed']);
  });

  it('counts its timeout from when status waits for it, not from when it was asked', async () => {
    const logDir = tempDir();
    const slow = await silentWatchdog(logDir, true);
    const held = slow.held;
    try {
      askEarly(logDir, 200);
      await waitFor('the early question reached the watchdog', () => held.length === 1);
      // Status loading for longer than the timeout (a slow machine) while the watchdog looks.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const answer = requestWatchdogPanes(logDir, []).answer;
      held[0]?.end(`${JSON.stringify({ ok: true, panes: [pane('loop-builder')], screens: [] })}\n`);
      expect((await answer)?.panes).toEqual([pane('loop-builder')]);
    } finally {
      await slow.close();
    }
  });

  it('never keeps status from exiting when nothing waited for it', async () => {
    const logDir = tempDir();
    const silent = await silentWatchdog(logDir);
    try {
      // A watchdog that never answers, and a status that ended before it needed the panes.
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { askEarly } = await import(${JSON.stringify(packagePath('dist', 'status', 'watchdog-ask.js'))});
         askEarly(${JSON.stringify(logDir)}, 60_000);`,
        ],
        // A child kept alive by the question is ended here, and fails the test.
        { timeout: 10_000 },
      );
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(silent.held.length).toBeLessThanOrEqual(1);
    } finally {
      await silent.close();
    }
  });
});

describe('`launch status` answered by the watchdog', () => {
  const BUILD = 'build-under-test';
  const io = { isTTY: false, color: false };
  /** `launch status <args>` in `/`, the run's log dir guessed as status-entry.ts does. */
  const served = (args: string[], env: NodeJS.ProcessEnv, build: string | null) =>
    servedStatus(guessLogDir(args, env, '/'), args, env, '/', io, build);
  const printed: ServedStatus = {
    code: 0,
    output: [
      [2, 'launch: a warning first\n'],
      [1, 'phase p1 [1/2]  in progress\n'],
    ],
  };

  async function serveStatus(
    logDir: string,
    run: (request: ServedStatusRequest) => Promise<ServedStatus>,
  ): Promise<void> {
    const started = await startStatusSocket(
      logDir,
      () => resolved(ok({ panes: [], screens: new Map<string, string | null>(), calls: 1 })),
      () => undefined,
      { run, build: BUILD },
    );
    if (!started.ok) throw new Error(started.error);
    open.push(started.value);
  }

  it("runs it for a caller of its build with this process's facts, and hands back what it printed, in order", async () => {
    const logDir = tempDir();
    const asked: ServedStatusRequest[] = [];
    await serveStatus(logDir, (request) => {
      asked.push(request);
      return resolved(printed);
    });
    const env = { ...process.env, LOOP_BACKEND: 'sim' };
    const outcome = await served(['--log-dir', logDir, '--json'], env, BUILD);
    expect(outcome).toEqual({ served: printed });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      kind: 'status',
      logDir,
      args: ['--log-dir', logDir, '--json'],
      cwd: '/',
      isTTY: false,
      color: false,
      columns: 80,
      rows: 24,
    });
    expect(asked[0]?.env.LOOP_BACKEND).toBe('sim');
  });

  it('says no to another build, another time zone or locale, and when busy; the caller runs status itself', async () => {
    const logDir = tempDir();
    const release: (() => void)[] = [];
    await serveStatus(logDir, () => new Promise((resolve) => release.push(() => resolve(printed))));
    const ask = (env: NodeJS.ProcessEnv, build = BUILD) =>
      served(['--log-dir', logDir], env, build);
    expect(await ask(process.env, 'another')).toEqual({
      served: null,
      why: 'the watchdog: another build',
    });
    const otherZone = process.env.TZ === 'Asia/Tokyo' ? 'Europe/Paris' : 'Asia/Tokyo';
    expect(await ask({ ...process.env, TZ: otherZone })).toEqual({
      served: null,
      why: 'the watchdog: another TZ',
    });
    expect(await ask({ ...process.env, LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' })).toMatchObject(
      { served: null, why: expect.stringMatching(/^the watchdog: another .*LC_ALL/) as unknown },
    );
    // Four run at once; the fifth caller is told to run its own.
    const running = Array.from({ length: 4 }, () => ask(process.env));
    await waitFor('four statuses running in the watchdog', () => release.length === 4);
    expect(await ask(process.env)).toEqual({ served: null, why: 'the watchdog: busy' });
    for (const done of release) done();
    for (const outcome of await Promise.all(running)) expect(outcome).toEqual({ served: printed });
  });

  it('is not asked for a live view or a login link, a run named by name, or by an unbundled launch, nor of a watchdog that does not serve it', async () => {
    const logDir = tempDir();
    let runs = 0;
    await serveStatus(logDir, () => {
      runs++;
      return resolved(printed);
    });
    for (const flag of ['-w', '--watch', '--url'])
      expect(await served(['--log-dir', logDir, flag], process.env, BUILD)).toEqual({
        served: null,
        why: 'a live view or a login link',
      });
    expect(await served(['--log-dir', logDir], process.env, null)).toEqual({
      served: null,
      why: 'not a bundled build',
    });
    expect(await served(['shop'], process.env, BUILD)).toEqual({
      served: null,
      why: 'the run is not told by the flags here alone',
    });
    expect(runs).toBe(0);
    // A watchdog serving panes only (an older one, or a stand-in).
    const panesOnly = tempDir();
    await serve(panesOnly, () => lookOf('loop-builder'));
    expect(await served(['--log-dir', panesOnly], process.env, BUILD)).toEqual({
      served: null,
      why: 'the watchdog: status not served here',
    });
    expect(await served(['--log-dir', tempDir()], process.env, BUILD)).toEqual({
      served: null,
      why: 'no watchdog answered',
    });
  });
});
