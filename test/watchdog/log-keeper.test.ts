// Log rotation against real tmux: a pane that prints numbered lines in bursts keeps every line
// across several rotations of its pipe-pane log, without being restarted; the ledger, watchdog.log
// (reopened) and cron.log rotate; kickoff files and state stay.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotationSet } from '../../src/adapters/log-rotation.js';
import type { PaneInfo } from '../../src/adapters/tmux-pane-list.js';
import { loadSettings } from '../../src/config/resolve.js';
import type { Settings } from '../../src/config/fields.js';
import { sessionName } from '../../src/config/roles.js';
import { keepLogs } from '../../src/watchdog/log-keeper.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Once its pane log exists (the pipe is attached: tmux pipes only what comes after), prints
 * `bursts` bursts of 60 numbered lines (a few ms apart), a pause after each, then END.
 */
function burstyPrinter(logFile: string, bursts: number, pauseMs: number): string {
  return `
const { existsSync } = await import('node:fs');
while (!existsSync(${JSON.stringify(logFile)})) await new Promise((resolve) => setTimeout(resolve, 20));
let n = 0;
const burst = async () => {
  for (let chunk = 0; chunk < 6; chunk++) {
    let text = '';
    for (let k = 0; k < 10; k++) text += 'line ' + (++n) + ' ' + 'x'.repeat(40) + '\\n';
    process.stdout.write(text);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
for (let b = 0; b < ${bursts}; b++) {
  await burst();
  await new Promise((resolve) => setTimeout(resolve, ${pauseMs}));
}
process.stdout.write('END ' + n + '\\n');
setInterval(() => {}, 1000);
`;
}

const numbersIn = (text: string): number[] =>
  [...text.matchAll(/line (\d+) x+\r?\n/g)].map((match) => Number(match[1]));

describe('log rotation (real tmux)', () => {
  let world: PrivateTmux;
  let temp: { dir: string; remove: () => void };
  let settings: Settings;

  beforeAll(() => {
    world = privateTmux('logs');
    temp = makeTempDir();
    const loaded = loadSettings({
      cwd: temp.dir,
      // 4 KB: a burst (~3 KB) or two per file.
      env: { LOG_MAX_MB: String(4 / 1024), LOG_KEEP: '50', SESSION_PREFIX: 'rot' },
    });
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
    settings = loaded.value.settings;
    mkdirSync(settings.logDir, { recursive: true });
  });
  afterAll(async () => {
    await world.dispose();
    temp.remove();
  });

  const pane = async (session: string): Promise<PaneInfo | undefined> => {
    const panes = await world.tmux.listPanes();
    return panes.ok ? panes.value.find((candidate) => candidate.session === session) : undefined;
  };

  it('keeps every line of a pane across rotations, without restarting it', async () => {
    const session = sessionName(settings, 'builder');
    const file = join(settings.logDir, `${session}.log`);
    const kickoff = join(settings.logDir, `.kickoff-${session}.txt`);
    const state = join(settings.logDir, 'state.json');
    writeFileSync(kickoff, 'the kickoff\n');
    writeFileSync(state, '{"version":1}\n');
    const created = await world.tmux.newSession({
      name: session,
      cwd: temp.dir,
      command: [process.execPath, '--input-type=module', '-e', burstyPrinter(file, 10, 400)],
      keepDeadPane: true,
    });
    expect(created.ok).toBe(true);
    expect((await world.tmux.pipePane(session, settings.logDir)).ok).toBe(true);
    const before = await pane(session);

    const rotations: LedgerEvent[] = [];
    await waitFor(
      'the printer to finish',
      async () => {
        rotations.push(
          ...(await keepLogs({
            settings,
            roles: ['builder'],
            tmux: world.tmux,
            now: () => Date.now(),
            quietMs: 150,
          })),
        );
        return existsSync(file) && /END \d+/.test(readFileSync(file, 'utf8'));
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );

    const files = rotationSet(file);
    const all = files.map((name) => readFileSync(name, 'utf8')).join('');
    const total = Number(/END (\d+)/.exec(all)?.[1]);
    expect(total).toBe(600);
    expect(numbersIn(all)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(rotations.filter((event) => event.type === 'log-rotated').length).toBeGreaterThanOrEqual(
      3,
    );
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(rotations.filter((event) => event.type === 'log-rotation-failed')).toEqual([]);
    // Same process: the agent was not restarted; kickoff and state untouched.
    const after = await pane(session);
    expect(after?.pid).toBe(before?.pid);
    expect(after?.dead).toBe(false);
    expect(readFileSync(kickoff, 'utf8')).toBe('the kickoff\n');
    expect(readFileSync(state, 'utf8')).toBe('{"version":1}\n');
    expect(existsSync(`${kickoff}.1`) || existsSync(`${state}.1`)).toBe(false);
    await world.tmux.killSession(session);
  }, 60_000);

  it('rotates a pane that never goes quiet a tenth over the limit, so disk use stays bounded', async () => {
    const session = sessionName(settings, 'adversary');
    const file = join(settings.logDir, `${session}.log`);
    await world.tmux.newSession({
      name: session,
      cwd: temp.dir,
      command: [
        process.execPath,
        '-e',
        "setInterval(() => process.stdout.write('busy '.repeat(30) + '\\n'), 5)",
      ],
    });
    await world.tmux.pipePane(session, settings.logDir);
    const seen = await waitFor(
      'a forced rotation',
      async () => {
        const events = await keepLogs({
          settings,
          roles: ['adversary'],
          tmux: world.tmux,
          now: () => Date.now(),
          quietMs: 10_000,
        });
        return events.find((event) => event.type === 'log-rotated');
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect(seen.reason).toMatch(/never went quiet; rotated 10% over the limit/);
    expect(Number(seen.bytes)).toBeGreaterThanOrEqual(1.1 * 4096);
    await waitFor('the new log fills again', () => existsSync(file));
    await world.tmux.killSession(session);
  }, 30_000);

  it('rotates the ledger, cron.log and watchdog.log (reopening it) with the other logs', async () => {
    const logDir = settings.logDir;
    const big = `${'y'.repeat(5000)}\n`;
    writeFileSync(join(logDir, 'events.jsonl'), big);
    writeFileSync(join(logDir, 'cron.log'), big);
    writeFileSync(join(logDir, 'watchdog.log'), big);
    let reopened = 0;
    const events = await keepLogs({
      settings,
      roles: ['builder', 'adversary'],
      tmux: world.tmux,
      now: () => Date.now(),
      reopenWatchdogLog: () => reopened++,
    });
    expect(events.map((event) => event.file).sort()).toEqual([
      'cron.log',
      'events.jsonl',
      'watchdog.log',
    ]);
    expect(reopened).toBe(1);
    for (const name of ['events.jsonl', 'cron.log', 'watchdog.log'])
      expect(readFileSync(join(logDir, `${name}.1`), 'utf8')).toBe(big);
  });
});
