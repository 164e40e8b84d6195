// Rotation independent of the tick (issue 13, item 11), against real tmux: a pane that floods its
// pipe-pane log while no tick runs at all (ticks stretched without end) keeps its log within 1.2 ×
// LOG_MAX_MB, because the log dir is watched and a write over the limit triggers a rotation pass.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { rotationSet } from '../../src/adapters/log-rotation.js';
import { loadSettings } from '../../src/config/resolve.js';
import type { Settings } from '../../src/config/fields.js';
import { sessionName } from '../../src/config/roles.js';
import { LogKeeper } from '../../src/watchdog/log-keeper.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const LIMIT = 512 * 1024;

describe('log rotation between ticks (real tmux)', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let settings: Settings;

  beforeAll(() => {
    world = privateTmux('guard');
    temp = makeTempDir();
    const loaded = loadSettings({
      cwd: temp.dir,
      env: { LOG_MAX_MB: String(LIMIT / 1024 / 1024), LOG_KEEP: '3', SESSION_PREFIX: 'gd' },
    });
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
    settings = loaded.value.settings;
    mkdirSync(settings.logDir, { recursive: true });
  });
  afterAll(async () => {
    await world.dispose();
    temp.remove();
  });

  it('keeps a flooding pane log within 1.2 × the limit while no tick runs', async () => {
    const session = sessionName(settings, 'builder');
    const file = join(settings.logDir, `${session}.log`);
    await world.tmux.newSession({
      name: session,
      cwd: temp.dir,
      // ~200 KB/s of output, for good
      command: [
        process.execPath,
        '-e',
        "setInterval(() => process.stdout.write('flood '.repeat(160) + '\\n'), 5)",
      ],
    });
    await world.tmux.pipePane(session, settings.logDir);
    const keeper = new LogKeeper({
      settings,
      roles: ['builder'],
      tmux: world.tmux,
      now: () => Date.now(),
    });
    const recorded: LedgerEvent[] = [];
    const errors: unknown[] = [];
    keeper.guard(
      (events) => recorded.push(...events),
      (error) => errors.push(error),
    );
    let largest = 0;
    const sizeOf = (path: string): number => {
      try {
        return statSync(path).size;
      } catch {
        return 0;
      }
    };
    try {
      await waitFor(
        'four rotations of the flooding pane log',
        () => {
          largest = Math.max(largest, sizeOf(file));
          return recorded.filter((event) => event.type === 'log-rotated').length >= 4 || undefined;
        },
        { timeoutMs: 60_000, intervalMs: 10 },
      );
    } finally {
      await keeper.close();
      await world.tmux.killSession(session);
    }
    expect(errors).toEqual([]);
    expect(largest).toBeLessThanOrEqual(1.2 * LIMIT);
    // each rotated file was the log at its rotation (plus what the old pipe wrote until replaced)
    for (const rotated of rotationSet(file).filter((path) => path !== file))
      expect(sizeOf(rotated)).toBeLessThanOrEqual(1.2 * LIMIT);
    for (const event of recorded.filter((candidate) => candidate.type === 'log-rotated'))
      expect(Number(event.bytes)).toBeLessThanOrEqual(1.2 * LIMIT);
  }, 90_000);

  it('says a rotation that keeps failing (a read-only log dir) once, not every pass', async () => {
    const ledger = join(settings.logDir, 'events.jsonl');
    writeFileSync(ledger, `${'z'.repeat(LIMIT + 1000)}\n`);
    execFileSync('chattr', ['+i', settings.logDir]);
    onTestFinished(() => {
      execFileSync('chattr', ['-i', settings.logDir]);
    });
    const keeper = new LogKeeper({
      settings,
      roles: ['builder'],
      tmux: world.tmux,
      now: () => Date.now(),
    });
    const first = await keeper.keep();
    expect(first).toEqual([
      expect.objectContaining({ type: 'log-rotation-failed', file: 'events.jsonl' }),
    ]);
    expect(await keeper.keep()).toEqual([]);
    execFileSync('chattr', ['-i', settings.logDir]);
    expect(await keeper.keep()).toEqual([
      expect.objectContaining({ type: 'log-rotated', file: 'events.jsonl' }),
    ]);
  });
});
