// Asking a tmux socket itself whether a server listens: yes for a live private server; none for a
// killed one's leftover file and for no file in tmux's own folder; unknown where that folder is not
// there (a tmux keeping its sockets elsewhere). Real tmux on a private socket.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { socketFilePath } from '../../src/adapters/tmux.js';
import { probeTmuxServer } from '../../src/adapters/tmux-server-probe.js';
import { packagePath } from '../../src/util/package-root.js';
import { privateTmux } from '../helpers/private-tmux.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

describe('probeTmuxServer', () => {
  it('says listening for a live server, none once it is killed (its socket file left or gone)', async () => {
    const world = privateTmux('probe');
    try {
      const created = await world.tmux.newSession({
        name: 'probe-a',
        cwd: tempDir(),
        command: ['sleep', '60'],
      });
      expect(created.ok).toBe(true);
      const path = socketFilePath(world.socket);
      expect(await probeTmuxServer(path)).toBe('listening');
      // kill-server returns before the server has gone; its file may stay (refused) or go.
      await world.tmux.run(['kill-server']);
      expect(
        await waitFor('the server is gone', async () =>
          (await probeTmuxServer(path)) === 'none' ? 'none' : undefined,
        ),
      ).toBe('none');
    } finally {
      await world.dispose();
    }
  });

  it('is unknown where the folder tmux would use does not exist', async () => {
    const missing = join(tempDir(), 'no-such-folder', 'default');
    expect(await probeTmuxServer(missing)).toBe('unknown');
    const folder = join(tempDir(), 'tmux-0');
    mkdirSync(folder);
    expect(await probeTmuxServer(join(folder, 'default'))).toBe('none');
  });
});

describe('a stopped run, asked about', () => {
  it('loads no socket machinery where there is no socket: no watchdog, no tmux server', () => {
    const root = tempDir();
    const modules = (path: string) => JSON.stringify(pathToFileURL(packagePath('dist', path)).href);
    const script = `
      const { probeTmuxServer } = await import(${modules('adapters/tmux-server-probe.js')});
      const { askWatchdog } = await import(${modules('status/watchdog-ask.js')});
      const probe = await probeTmuxServer(${JSON.stringify(join(root, 'tmux-folder', 'default'))});
      const answer = await askWatchdog(${JSON.stringify(join(root, 'no-run', '.launch'))}, []).line;
      // Read before process.stdout is touched: making it for a pipe loads node:net itself.
      const net = process.moduleLoadList.includes('NativeModule net');
      process.stdout.write(JSON.stringify({ probe, answer, net }));`;
    mkdirSync(join(root, 'tmux-folder'));
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ probe: 'none', answer: null, net: false });
  });
});
