// The watchdog's side of a served status (src/status/served-status-protocol.ts): runs the CLI's own
// `launch status <args>` in this process with the caller's environment, directory and terminal,
// and keeps what it prints, in order, for the caller to print.
import type { ServeStatus } from '../watchdog/status-socket.js';

export function statusServer(launchBin: string): ServeStatus {
  return async (request) => {
    const { main } = await import('./main.js');
    const output: [1 | 2, string][] = [];
    const argv = ['status', ...request.args];
    const code = await main(argv, {
      env: request.env,
      cwd: request.cwd,
      io: {
        out: (text) => output.push([1, text]),
        err: (text) => output.push([2, text]),
        isTTY: request.isTTY,
        color: request.color,
        terminalSize: () => ({ columns: request.columns, rows: request.rows }),
      },
      now: () => new Date(),
      launchBin,
      argv,
    });
    return { code, output };
  };
}
