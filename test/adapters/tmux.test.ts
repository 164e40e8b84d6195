import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePaneList } from '../../src/adapters/tmux-pane-list.js';
import { socketFilePath, trimTrailingBlankLines } from '../../src/adapters/tmux.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** A pane program that echoes each line it reads, so typed text can be checked verbatim. */
const ECHO_AGENT = `#!/bin/sh
echo "ready in $(pwd) with MARK=$MARK"
while IFS= read -r line; do printf 'GOT[%s]\\n' "$line"; done
`;

describe('tmux adapter (real tmux, private socket)', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let agent: string;
  let oddDir: string;

  beforeAll(() => {
    world = privateTmux('adapter');
    temp = makeTempDir();
    // A directory whose name would run code if it ever reached a shell unquoted.
    oddDir = join(temp.dir, `it's a "dir" $(touch PWNED) ; x`);
    agent = join(temp.dir, 'echo agent $(x).sh');
    writeFileSync(agent, ECHO_AGENT);
    chmodSync(agent, 0o755);
  });

  afterAll(async () => {
    await world.dispose();
    expect(await world.tmux.listPanes()).toEqual({ ok: true, value: [] });
    expect(existsSync(socketFilePath(world.socket))).toBe(false);
    temp.remove();
  });

  it('answers "no" for a missing session, without throwing', async () => {
    expect(await world.tmux.hasSession('nope')).toBe(false);
    expect(await world.tmux.capture('nope')).toBeNull();
    expect(await world.tmux.killSession('nope')).toBe(false);
    expect(await world.tmux.listPanes()).toEqual({ ok: true, value: [] });
  });

  it('creates a session with cwd, env and an argv that never meets a shell', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(oddDir);
    const created = await world.tmux.newSession({
      name: 'agent-a',
      cwd: oddDir,
      command: [agent],
      env: { MARK: 'x y $(z)' },
    });
    expect(created).toEqual({ ok: true, value: undefined });
    expect(await world.tmux.hasSession('agent-a')).toBe(true);
    // exact targets: a prefix of the name is not the session
    expect(await world.tmux.hasSession('agent')).toBe(false);
    const screen = await waitFor('agent prints its banner', async () => {
      const text = await world.tmux.capture('agent-a');
      return text?.includes('ready in') ? text : undefined;
    });
    expect(screen).toContain(`ready in ${oddDir} with MARK=x y $(z)`);
    expect(existsSync(join(temp.dir, 'PWNED'))).toBe(false);
    expect(existsSync(join(oddDir, 'PWNED'))).toBe(false);
  });

  it('keeps a trailing ; on a command argument or env value (tmux would end its command there)', async () => {
    // A kickoff or a client flag may end in `;`: the argument must arrive whole, and what follows
    // it must not be read as a tmux command.
    const created = await world.tmux.newSession({
      name: 'semicolon',
      cwd: temp.dir,
      command: [
        process.execPath,
        '-e',
        'process.stdout.write(`[${process.argv[1]}|${process.env.TAIL}]`); setInterval(() => {}, 1e6);',
        'last;',
      ],
      env: { TAIL: 'v;' },
    });
    expect(created).toEqual({ ok: true, value: undefined });
    const screen = await waitFor('the program prints its argument', async () => {
      const text = await world.tmux.capture('semicolon');
      return text?.includes('[') ? text : undefined;
    });
    expect(screen).toContain('[last;|v;]');
    await world.tmux.killSession('semicolon');
  });

  it('refuses a duplicate session name as data', async () => {
    const again = await world.tmux.newSession({ name: 'agent-a', cwd: temp.dir, command: [agent] });
    expect(again).toEqual({
      ok: false,
      error: { reason: 'duplicate-session', session: 'agent-a' },
    });
  });

  it('types literal text with ; quotes, a leading - and $(...) verbatim', async () => {
    const marker = join(temp.dir, 'TYPED-PWNED');
    const text = `-n; echo "double" 'single' \`tick\` $(touch ${marker}) \\ end`;
    expect((await world.tmux.sendLiteral('agent-a', text)).ok).toBe(true);
    expect((await world.tmux.sendKeys('agent-a', ['Enter'])).ok).toBe(true);
    const screen = await waitFor('typed line echoed', async () => {
      const captured = await world.tmux.capture('agent-a');
      return captured?.includes('GOT[') ? captured : undefined;
    });
    expect(screen).toContain(`GOT[${text}]`);
    expect(existsSync(marker)).toBe(false);
  });

  it('pastes long text through a buffer', async () => {
    const long = `${'x'.repeat(3000)} $(nothing) end-of-paste`;
    expect((await world.tmux.pasteText('agent-a', long)).ok).toBe(true);
    await world.tmux.sendKeys('agent-a', ['Enter']);
    await waitFor('pasted line echoed', async () => {
      const captured = await world.tmux.capture('agent-a', { history: 200 });
      return captured?.replace(/\n/g, '').includes('end-of-paste]') ? true : undefined;
    });
  });

  it('pipes pane output to <log-dir>/<session>.log even when the log dir has odd characters', async () => {
    const logDir = join(temp.dir, `logs "q" 'a' $(touch LOGPWNED)`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(logDir);
    expect((await world.tmux.pipePane('agent-a', logDir)).ok).toBe(true);
    await world.tmux.sendLiteral('agent-a', 'logged line');
    await world.tmux.sendKeys('agent-a', ['Enter']);
    const logFile = join(logDir, 'agent-a.log');
    await waitFor(
      'pane output in the log',
      () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('GOT[logged line]'),
    );
    expect(existsSync(join(temp.dir, 'LOGPWNED'))).toBe(false);
  });

  it('snapshots every pane in one call, and reports a dead pane kept for inspection', async () => {
    const created = await world.tmux.newSession({
      name: 'short-lived',
      cwd: temp.dir,
      command: ['sh', '-c', 'echo bye; sleep 0.3; exit 3'],
      keepDeadPane: true,
    });
    expect(created.ok).toBe(true);
    const panes = await waitFor('short-lived pane is dead', async () => {
      const listed = await world.tmux.listPanes();
      const pane = listed.ok
        ? listed.value.find((candidate) => candidate.session === 'short-lived')
        : undefined;
      return pane?.dead && listed.ok ? listed.value : undefined;
    });
    const alive = panes.find((pane) => pane.session === 'agent-a');
    const dead = panes.find((pane) => pane.session === 'short-lived');
    expect(alive).toMatchObject({ dead: false, width: 200, height: 50 });
    expect(alive?.pid).toBeGreaterThan(1);
    expect(alive?.paneId).toMatch(/^%\d+$/);
    expect(dead?.dead).toBe(true);
    // tmux learns the status after marking the pane dead and, now and then, never (seen: 1 in 12).
    expect([3, null]).toContain(dead?.deadStatus);
    // tmux moves a dead pane's last screen into scrollback
    expect(await world.tmux.capture('short-lived', { history: 100 })).toContain('bye');
  });

  it('kills sessions', async () => {
    expect(await world.tmux.killSession('short-lived')).toBe(true);
    expect(await world.tmux.hasSession('short-lived')).toBe(false);
    expect(await world.tmux.hasSession('agent-a')).toBe(true);
  });
});

describe('pane helpers', () => {
  it('drops the unused bottom of the screen', () => {
    expect(trimTrailingBlankLines('a\n\nb\n   \n\n')).toBe('a\n\nb');
  });

  it('parses list-panes output: an exit status, or the signal that ended the program', () => {
    const line = (status: string, signal: string) =>
      ['s', '%1', '42', '1', status, signal, '1700000000', 'bash', '200', '50'].join('\u001f');
    const pane = {
      session: 's',
      paneId: '%1',
      pid: 42,
      dead: true,
      activity: 1700000000,
      command: 'bash',
      width: 200,
      height: 50,
    };
    expect(parsePaneList(`${line('3', '')}\n${line('', '1')}\n${line('', '')}\n`)).toEqual([
      { ...pane, deadStatus: 3, deadSignal: null },
      { ...pane, deadStatus: null, deadSignal: 1 },
      { ...pane, deadStatus: null, deadSignal: null },
    ]);
  });
});
