// The fleet view on a terminal: frames drawn in place (this machine's real `launch ls --json`, plus
// a host that cannot be reached: one line in the frame), ended by Ctrl-C.
import { describe, expect, it } from 'vitest';
import { listAllHosts } from '../../src/hosts/ls-all-hosts.js';
import { baseEnv, LAUNCH_BIN } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

describe('ls --all-hosts --watch', () => {
  it('redraws the fleet in place until interrupted', async () => {
    const dir = tempDir('launch-fleet-');
    let written = '';
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const watching = listAllHosts(
      {
        env: baseEnv({ XDG_STATE_HOME: dir, LAUNCH_SSH_TIMEOUT: '2' }),
        cwd: dir,
        io: {
          out: (text) => (written += text),
          err: (text) => (written += text),
          isTTY: true,
          color: false,
          terminalSize: () => ({ columns: 200, rows: 40 }),
        },
        now: () => new Date(),
        launchBin: LAUNCH_BIN,
        interrupted: () => stopped,
      },
      { watch: true, host: ['ssh://nobody@127.0.0.1:1'] },
    );
    await waitFor('a first frame', () => written.includes('hosts answered'), {
      timeoutMs: 30_000,
      describe: () => written,
    });
    stop();
    await watching;
    expect(written).toContain('no runs on any host that answered');
    expect(written).toMatch(/host ssh:\/\/nobody@127\.0\.0\.1:1: unreachable \(.+\)/);
    expect(written).toContain('1/2 hosts answered');
    expect(written.startsWith('\u001b[?25l')).toBe(true);
    expect(written.endsWith('\u001b[?25h')).toBe(true);
  }, 60_000);
});
