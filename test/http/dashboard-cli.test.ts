// The dashboard's command-line side against a real run: a port already taken is reported by `launch
// start` and `launch status --url` in one line ("port N in use: the watchdog serves no dashboard");
// `launch dashboard` refuses bad input (exit 2, nothing served) and a log dir with no run in it;
// a dead pane's restart carries its exit status and last words, not its empty input box.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRig, type Rig } from '../helpers/launch-rig.js';

describe('a taken port and `launch dashboard` input', { timeout: 180_000 }, () => {
  let busy: Server;
  let busyPort: number;
  let rig: Rig;

  beforeAll(async () => {
    // A real listener holds the port before the run starts.
    busy = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as AddressInfo).port;
    rig = await makeRig({
      script: {
        builder: { steps: [{ do: 'declare-wait', seconds: 900 }] },
        adversary: { steps: [{ do: 'declare-wait', seconds: 900 }] },
      },
      config: { httpPort: busyPort },
    });
  }, 120_000);
  afterAll(async () => {
    await rig?.dispose();
    await new Promise((resolve) => busy.close(resolve));
  }, 90_000);

  it('`launch dashboard` before any run: one line, exit 2, nothing made', async () => {
    const result = await rig.launch(['dashboard', '--port', '0']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^launch: no run in log dir .*\(no state\.json or events\.jsonl\)/,
    );
    expect(existsSync(rig.logDir)).toBe(false);
    const bad = await rig.launch(['dashboard', '--port', 'abc']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^launch: --port must be a port number from 0 to 65535, got "abc"$/);
  });

  it('`launch start` says the port is taken; `status --url` says it too', async () => {
    const start = await rig.launch(['start'], 90_000);
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout).toMatch(
      new RegExp(
        `web: +port ${busyPort} in use: the watchdog serves no dashboard \\(free the port`,
      ),
    );
    const url = await rig.launch(['status', '--url']);
    expect(url.exitCode).toBe(1);
    expect(url.stderr).toMatch(
      new RegExp(`^launch: port ${busyPort} in use: the watchdog serves no dashboard`),
    );
    expect(url.stderr.trim().split('\n')).toHaveLength(1);
    const failed = rig.events().find((event) => event.type === 'http-failed');
    expect(failed).toMatchObject({ port: busyPort });
    expect(String(failed?.detail)).toMatch(/in use: the watchdog serves no dashboard/);
    // The run itself goes on: supervising matters more than serving.
    await rig.waitForEvent('the watchdog runs', (event) => event.type === 'watchdog-started');
  });

  it('`launch dashboard` on a taken port: exit 1 with the listen error, nothing recorded', async () => {
    // This watchdog serves nothing (its port is taken), so a read-only page is tried — on the same
    // taken port it cannot serve either, and says so.
    const result = await rig.launch(['dashboard', '--port', String(busyPort)]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/cannot serve HTTP on 127\.0\.0\.1:\d+: the address is in use/);
    expect(existsSync(join(rig.logDir, 'http.json'))).toBe(false);
  });
});

describe('a dead pane explains its restart', { timeout: 180_000 }, () => {
  it('carries the exit status and the last words, not the input box', async () => {
    const rig = await makeRig({
      script: {
        builder: {
          steps: [
            { do: 'work', seconds: 1, note: 'opening the database' },
            { do: 'exit', code: 3, note: 'fatal: cannot open the database' },
            { do: 'declare-wait', seconds: 900 },
          ],
        },
        adversary: { steps: [{ do: 'declare-wait', seconds: 900 }] },
      },
    });
    try {
      const start = await rig.launch(['start'], 90_000);
      expect(start.exitCode, start.stderr).toBe(0);
      const restarted = await rig.waitForEvent(
        'the dead builder is restarted',
        (event) =>
          event.type === 'session-restarted' && event.role === 'builder' && event.reason === 'dead',
        90_000,
      );
      expect(restarted.exitStatus).toBe(3);
      expect(restarted.why).toBe('its program exited with status 3');
      const words = String(restarted.lastWords);
      expect(words).toMatch(/fatal: cannot open the database/);
      // The input box the TUI left drawn is not what it said.
      expect(words).not.toMatch(/^\s*>\s*$/m);
      expect(words).not.toMatch(/─{5}/);
      expect(words).not.toMatch(/for shortcuts|Pane is dead|\u001b/);
      // `launch events` says it in the same words.
      const events = await rig.launch(['events', '--session', 'builder']);
      expect(events.stdout).toMatch(/restarted \(dead\) +its program exited with status 3/);
      expect(events.stdout).toMatch(/“.*fatal: cannot open the database.*”/);
    } finally {
      await rig.dispose();
    }
  });
});
