// Whether a tmux server listens on a socket, asked of the socket itself: a refused connection, or
// no socket in tmux's own folder, means none, and saying so costs no tmux client (nor execa's
// load). Anything less certain is 'unknown', and the caller asks tmux as before.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { nodeNet } from '../util/node-net.js';

export type ServerProbe = 'listening' | 'none' | 'unknown';

export function probeTmuxServer(socketPath: string, timeoutMs = 500): Promise<ServerProbe> {
  // No socket file: nothing to connect to (and no node:net to load), as ENOENT below would say.
  if (!existsSync(socketPath))
    return Promise.resolve(existsSync(dirname(socketPath)) ? 'none' : 'unknown');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: ServerProbe): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      probe.destroy();
      resolve(answer);
    };
    const probe = nodeNet().createConnection(socketPath);
    const timer = setTimeout(() => finish('unknown'), timeoutMs);
    probe.once('connect', () => finish('listening'));
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') return finish('none');
      // No socket where tmux keeps them: none, as long as that folder is tmux's (it exists). A tmux
      // built to keep its sockets elsewhere would not have made this folder: then ask tmux.
      if (error.code === 'ENOENT' && existsSync(dirname(socketPath))) return finish('none');
      finish('unknown');
    });
  });
}
