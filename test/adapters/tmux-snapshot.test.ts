// One tmux invocation per observe: list-panes and every capture chained in one call, with the
// fallbacks when a session is missing or vanishes between the list and its capture (real tmux).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchArgs, batchMarker, splitBatch } from '../../src/adapters/tmux-batch.js';
import { createTmux, Tmux } from '../../src/adapters/tmux.js';
import { privateTmux, uniqueSocketName, type PrivateTmux } from '../helpers/private-tmux.js';
import { waitFor } from '../helpers/wait-for.js';

/** A pane that prints its name and a few lines, then sits still. */
const paneProgram = (name: string, lines = 5): string[] => [
  'sh',
  '-c',
  `i=0; while [ $i -lt ${lines} ]; do echo "${name} line $i"; i=$((i+1)); done; exec sleep 3600`,
];

describe('batched tmux output', () => {
  it('chains commands with a marker between them and splits the output back', () => {
    expect(batchArgs([['a', '1'], ['b'], ['c']], 'n0')).toEqual([
      'a',
      '1',
      ';',
      'display-message',
      '-p',
      batchMarker('n0', 1),
      ';',
      'b',
      ';',
      'display-message',
      '-p',
      batchMarker('n0', 2),
      ';',
      'c',
    ]);
    const stdout = `list\n${batchMarker('n0', 1)}\nscreen one\n\n${batchMarker('n0', 2)}\nscreen two\n`;
    expect(splitBatch(stdout, 3, 'n0').outputs).toEqual([
      'list\n',
      'screen one\n\n',
      'screen two\n',
    ]);
    // stopped at the second command: its output, if any, is the last one
    expect(splitBatch(`list\n${batchMarker('n0', 1)}\n`, 3, 'n0').outputs).toEqual(['list\n', '']);
    // a marker inside a line is text, not a marker
    const inline = `x ${batchMarker('n0', 1)}\n${batchMarker('n0', 1)}\ny\n`;
    expect(splitBatch(inline, 2, 'n0').outputs).toEqual([`x ${batchMarker('n0', 1)}\n`, 'y\n']);
  });
});

describe('Tmux.snapshot (real tmux, private socket)', () => {
  let world: PrivateTmux;
  let counted: Tmux;
  let spawns: (readonly string[])[] = [];

  beforeAll(async () => {
    world = privateTmux('snapshot');
    counted = createTmux({
      socket: world.socket,
      configFile: '/dev/null',
      onSpawn: (args) => spawns.push(args),
    });
    for (const name of ['s-a', 's-b', 's-c']) {
      const created = await world.tmux.newSession({
        name,
        cwd: '/',
        command: paneProgram(name),
        keepDeadPane: true,
      });
      expect(created.ok).toBe(true);
    }
    await waitFor('every pane printed its lines', async () => {
      const screens = await Promise.all(['s-a', 's-b', 's-c'].map((s) => world.tmux.capture(s)));
      return screens.every((screen, index) => screen?.includes(`s-${'abc'[index]} line 4`));
    });
  });

  afterAll(async () => {
    await world.dispose();
  });

  const snapshot = async (sessions: readonly string[]) => {
    spawns = [];
    const result = await counted.snapshot(sessions);
    if (!result.ok) throw new Error(`snapshot failed: ${JSON.stringify(result.error)}`);
    return { ...result.value, spawns: spawns.length };
  };

  it('lists every pane and captures every session in one tmux process', async () => {
    const snap = await snapshot(['s-a', 's-b', 's-c']);
    expect(snap.spawns).toBe(1);
    expect(snap.calls).toBe(1);
    expect(snap.panes.map((pane) => pane.session).sort()).toEqual(['s-a', 's-b', 's-c']);
    for (const name of ['s-a', 's-b', 's-c']) {
      // exactly what a capture of its own shows
      expect(snap.screens.get(name)).toBe(await world.tmux.capture(name));
      expect(snap.screens.get(name)).toBe(
        [0, 1, 2, 3, 4].map((line) => `${name} line ${line}`).join('\n'),
      );
    }
  });

  it('reports a missing session as absent and still reads the others', async () => {
    const snap = await snapshot(['s-a', 'nope', 's-c']);
    expect(snap.screens.has('nope')).toBe(false);
    expect(snap.screens.get('s-a')).toContain('s-a line 4');
    expect(snap.screens.get('s-c')).toContain('s-c line 4');
    // the batch stopped at the missing one; one more batched call read the rest
    expect(snap.spawns).toBe(2);
    expect(snap.calls).toBe(2);
  });

  it('needs no second call when the missing session comes last', async () => {
    const snap = await snapshot(['s-a', 's-b', 'nope']);
    expect(snap.spawns).toBe(1);
    expect([...snap.screens.keys()]).toEqual(['s-a', 's-b']);
  });

  it('reads a dead pane kept for inspection', async () => {
    const created = await world.tmux.newSession({
      name: 's-dead',
      cwd: '/',
      command: ['sh', '-c', 'echo last words; exit 4'],
      keepDeadPane: true,
    });
    expect(created.ok).toBe(true);
    await waitFor('the pane died', async () => {
      const listed = await world.tmux.listPanes();
      return listed.ok && listed.value.some((pane) => pane.session === 's-dead' && pane.dead);
    });
    const snap = await snapshot(['s-dead', 's-a']);
    expect(snap.spawns).toBe(1);
    expect(snap.panes.find((pane) => pane.session === 's-dead')?.dead).toBe(true);
    expect(snap.screens.get('s-a')).toContain('s-a line 4');
    expect(snap.screens.has('s-dead')).toBe(true);
    await world.tmux.killSession('s-dead');
  });

  it("tells a dead pane's exit status from the signal that ended its program", async () => {
    for (const [name, script] of [
      ['s-exit', 'echo bye; exit 4'],
      ['s-hup', 'echo hung up; kill -HUP $$'],
    ] as const) {
      const created = await world.tmux.newSession({
        name,
        cwd: '/',
        command: ['sh', '-c', script],
        keepDeadPane: true,
      });
      expect(created.ok).toBe(true);
    }
    // tmux records the status or the signal when it reaps the program, a moment after the pane died.
    const ended = await waitFor('both panes dead, with what ended them', async () => {
      const listed = await world.tmux.listPanes();
      const find = (name: string) =>
        listed.ok ? listed.value.find((pane) => pane.session === name) : undefined;
      const [exited, hungUp] = [find('s-exit'), find('s-hup')];
      return exited?.deadStatus != null && hungUp?.deadSignal != null && { exited, hungUp };
    });
    expect(ended.exited).toMatchObject({ dead: true, deadStatus: 4, deadSignal: null });
    expect(ended.hungUp).toMatchObject({ dead: true, deadStatus: null, deadSignal: 1 });
    await world.tmux.killSession('s-exit');
    await world.tmux.killSession('s-hup');
  });

  it('keeps pane text that looks like the separator apart from the real one', async () => {
    const created = await world.tmux.newSession({
      name: 's-tricky',
      cwd: '/',
      command: ['sh', '-c', 'echo launch-batch-000000000000-1; echo ";"; exec sleep 3600'],
    });
    expect(created.ok).toBe(true);
    await waitFor('tricky pane printed', async () =>
      (await world.tmux.capture('s-tricky'))?.includes(';'),
    );
    const snap = await snapshot(['s-tricky', 's-b']);
    expect(snap.screens.get('s-tricky')).toBe('launch-batch-000000000000-1\n;');
    expect(snap.screens.get('s-b')).toContain('s-b line 4');
    await world.tmux.killSession('s-tricky');
  });

  it('answers with no panes when no server runs', async () => {
    const none = createTmux({ socket: uniqueSocketName('none'), configFile: '/dev/null' });
    expect(await none.snapshot(['a', 'b'])).toEqual({
      ok: true,
      value: { panes: [], screens: new Map(), calls: 1 },
    });
  });

  it('falls back to one capture per session when the retries fail too', async () => {
    // A runner that fails every batched capture (as if sessions kept vanishing) but passes single
    // calls and the list through: the snapshot still reads every screen.
    const fragile = createTmux({ socket: world.socket, configFile: '/dev/null' });
    const tmux = new Tmux(async (args, options) => {
      spawns.push(args);
      const batchedCaptures =
        args[0] === 'capture-pane' && args.filter((arg) => arg === 'capture-pane').length > 1;
      return batchedCaptures
        ? { exitCode: 1, stdout: '', stderr: 'simulated: server busy', timedOut: false }
        : fragile.run(args, options);
    }, world.socket);
    spawns = [];
    const result = await tmux.snapshot(['nope', 's-a', 's-b', 's-c']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.screens.get('s-a')).toContain('s-a line 4');
    expect(result.value.screens.get('s-c')).toContain('s-c line 4');
    expect(result.value.screens.has('nope')).toBe(false);
    // the first batch, two batched retries, then one capture per remaining session
    expect(result.value.calls).toBe(6);
    expect(spawns).toHaveLength(6);
  });
});
