// Real tmux on a private socket per test file; the server is killed by socket at the end.
import { randomBytes } from 'node:crypto';
import { createTmux, type Tmux } from '../../src/adapters/tmux.js';

export interface PrivateTmux {
  readonly socket: string;
  readonly tmux: Tmux;
  readonly dispose: () => Promise<void>;
}

export function uniqueSocketName(label = 'test'): string {
  return `launch-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function privateTmux(label?: string): PrivateTmux {
  const socket = uniqueSocketName(label);
  const tmux = createTmux({ socket, configFile: '/dev/null' });
  return { socket, tmux, dispose: () => tmux.killServer() };
}
