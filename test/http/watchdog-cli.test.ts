// `launch watchdog --http` and `launch status --url` from the command line: usage errors (exit 2),
// a port that is taken (exit 1 when asked for with --http; with HTTP_PORT the watchdog supervises
// without its API and says so in the ledger), and a clean shutdown that removes http.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../src/adapters/ledger.js';
import { readLiveAddress } from '../../src/http/address-file.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runLaunch, spawnLaunch } from '../helpers/run-launch.js';
import { uniqueSocketName } from '../helpers/private-tmux.js';
import { waitFor } from '../helpers/wait-for.js';
import { send } from './http-client.js';

describe('launch watchdog --http', { timeout: 60_000 }, () => {
  let temp: { dir: string; remove: () => void };
  let plan: string;
  let logDir: string;
  let busy: Server;
  let busyPort: number;
  // The watchdog is paused (STOP file) so it starts no agent: only its HTTP side is under test.
  const env = (): Record<string, string> => ({
    LOOP_BACKEND: 'sim',
    LAUNCH_TMUX_SOCKET: uniqueSocketName('wdhttp'),
    SIGNAL_INTERVAL: '0.5',
  });
  const launch = (args: string[], extra: Record<string, string> = {}) =>
    runLaunch(['--plan-dir', plan, '--log-dir', logDir, ...args], {
      cwd: temp.dir,
      env: { ...env(), ...extra },
    });

  beforeAll(async () => {
    temp = makeTempDir();
    plan = join(temp.dir, 'plan');
    logDir = join(temp.dir, 'logs');
    const init = await runLaunch(['init', plan], { cwd: temp.dir });
    if (init.exitCode !== 0) throw new Error(init.stderr);
    mkdirSync(logDir, { recursive: true });
    writeFileSync(join(logDir, 'STOP'), 'test: take no action\n');
    busy = createServer((_req, res) => res.end('busy'));
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    temp.remove();
  });

  it('says what is wrong with the flags (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['watchdog', '--http', 'abc'], /--http must be a port number from 0 to 65535, got "abc"/],
      [['watchdog', '--http', '0.0.0.0:80'], /use --http-host/],
      [['watchdog', '--http', '--once'], /cannot be combined with --once or --dry-run/],
      [['watchdog', '--http-host', '0.0.0.0'], /--http-host needs --http/],
    ];
    for (const [args, message] of cases) {
      const result = await launch(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    const bad = await launch(['watchdog', '--once'], { HTTP_PORT: 'eighty' });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/HTTP_PORT must be a port number from 0 to 65535/);
  });

  it('exits 1 when the port asked for with --http is taken', async () => {
    const result = await launch(['watchdog', '--http', String(busyPort)]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`cannot serve HTTP on 127.0.0.1:${busyPort}: the address is in use`),
    );
  });

  it('with HTTP_PORT taken, supervises without the API and records http-failed', async () => {
    const watchdog = spawnLaunch(['--plan-dir', plan, '--log-dir', logDir, 'watchdog'], {
      cwd: temp.dir,
      env: { ...env(), HTTP_PORT: String(busyPort) },
    });
    try {
      const failed = await waitFor('http-failed in the ledger', () =>
        readEvents(logDir).find((event) => event.type === 'http-failed'),
      );
      expect(failed.reason).toMatch(/address is in use/);
      await waitFor('the watchdog runs anyway', () =>
        readEvents(logDir).find((event) => event.type === 'watchdog-started'),
      );
      const url = await launch(['status', '--url'], { HTTP_PORT: String(busyPort) });
      expect(url.exitCode).toBe(1);
      // The watchdog recorded why it serves nothing: `status --url` says so, not "is it running?".
      expect(url.stderr).toMatch(
        new RegExp(`port ${busyPort} in use: the watchdog serves no dashboard`),
      );
    } finally {
      watchdog.kill('SIGTERM');
      await watchdog;
    }
  });

  it('serves on a free port, tells `status --url`, and removes http.json when it stops', async () => {
    const watchdog = spawnLaunch(
      ['--plan-dir', plan, '--log-dir', logDir, 'watchdog', '--http', '0'],
      {
        cwd: temp.dir,
        env: env(),
      },
    );
    try {
      const address = await waitFor('http.json', () => readLiveAddress(logDir));
      expect(address.url).toBe(`http://127.0.0.1:${address.port}/`);
      const page = await send(address.url, { path: '/' });
      expect(page.status).toBe(200);
      const url = await launch(['status', '--url']);
      // The address with a one-time login code in its fragment.
      expect(url.stdout.split('\n')[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#login=[\w-]+$/);
      expect(url.stdout.startsWith(`${address.url}#login=`)).toBe(true);
      watchdog.kill('SIGTERM');
      const exit = await watchdog;
      expect(exit.exitCode).toBe(0);
      expect(readLiveAddress(logDir)).toBeNull();
      await expect(send(address.url, { path: '/', timeoutMs: 5_000 })).rejects.toThrow(
        /ECONNREFUSED/,
      );
    } finally {
      watchdog.kill('SIGKILL');
    }
  });
});
