// The respawner with a ledger that refuses writes (issue 13, item 1): its own `watchdog-respawned`
// line is held, not thrown, so it goes on starting the watchdog (here: a stand-in that dies once,
// then ends cleanly) instead of dying with it.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { appendEvents, ledgerPath, readEvents } from '../../src/adapters/ledger.js';
import { runRespawning } from '../../src/watchdog/respawn.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('the respawner and a ledger that refuses writes', () => {
  it('holds its own ledger line and starts the watchdog again', async () => {
    const dir = tempDir();
    const logDir = join(dir, 'logs');
    appendEvents(logDir, [{ ts: new Date().toISOString(), type: 'watchdog-started' }]);
    const marker = join(dir, 'died-once');
    const child = join(dir, 'stand-in.mjs');
    writeFileSync(
      child,
      `import { existsSync, writeFileSync } from 'node:fs';
const marker = ${JSON.stringify(marker)};
if (existsSync(marker)) process.exit(0);
writeFileSync(marker, '');
process.exit(1);
`,
    );
    execFileSync('chattr', ['+i', ledgerPath(logDir)]);
    onTestFinished(() => {
      execFileSync('chattr', ['-i', ledgerPath(logDir)]);
    });
    const said: string[] = [];
    const ended = await runRespawning({
      argv: [child],
      logDir,
      cwd: dir,
      now: () => Date.now(),
      say: (line) => said.push(line),
    });
    expect(ended).toMatchObject({ code: 0 });
    expect(existsSync(marker)).toBe(true);
    expect(said.join('')).toMatch(/could not write to the ledger .*1 line held/);
    expect(said.join('')).toMatch(/starting it again in 2s/);
    expect(readEvents(logDir).map((event) => event.type)).toEqual(['watchdog-started']);
  }, 20_000);
});
