// opencode's TUI sessions attach to a server (OPENCODE_SERVER); the suite runs the installed
// `opencode serve` on a free 127.0.0.1 port with the run's throw-away HOME, as a user would.
import { createServer } from 'node:net';
import { execa, type ResultPromise } from 'execa';
import { waitFor } from '../helpers/wait-for.js';

export interface OpencodeServer {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export async function startOpencodeServer(bin: string, home: string): Promise<OpencodeServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ResultPromise = execa(
    bin,
    ['serve', '--port', String(port), '--hostname', '127.0.0.1'],
    {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8' },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    },
  );
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([child, new Promise((done) => setTimeout(done, 5_000))]);
    child.kill('SIGKILL');
  };
  try {
    // Offline it takes ~20 s on a loaded 2-core machine before it answers.
    await waitFor(
      `opencode serve on ${url}`,
      async () => {
        // A server still starting may accept and not answer: never wait on one request.
        const response = await fetch(`${url}/config`, { signal: AbortSignal.timeout(3_000) }).catch(
          () => null,
        );
        return response?.ok ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
  } catch (cause) {
    await stop();
    throw cause;
  }
  return { url, stop };
}
