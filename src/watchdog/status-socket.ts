// The watchdog's status socket: `launch status` asks the run's live watchdog for a fresh look at the
// panes, which the watchdog takes with its own tmux runner, already loaded and warm, instead of
// loading execa and starting a tmux client of its own (most of what a status cost). One request
// line, one answer line, then the connection closes. The socket sits in the user's own 0700
// folder; a file left by a watchdog that died is replaced, one a live watchdog answers on is not.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { PaneSnapshot, TmuxFailure } from '../adapters/tmux.js';
import { privateLinkDir } from '../adapters/pane-log-link.js';
import { err, ok, type Result } from '../util/result.js';
import { statusRequestSchema, type StatusAnswer } from '../status/status-socket-protocol.js';
import {
  STATUS_SOCKET_MAX_LINE,
  STATUS_SOCKET_SUFFIX,
  statusSocketPath,
} from '../status/status-socket-path.js';

export type TakeSnapshot = (
  sessions: readonly string[],
) => Promise<Result<PaneSnapshot, TmuxFailure>>;

export interface StatusSocket {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Serves `logDir`'s status socket until closed; an error when it cannot (another watchdog has it, a
 * folder that is not the user's own): never a throw, since the watchdog supervises without it.
 */
export async function startStatusSocket(
  logDir: string,
  snapshot: TakeSnapshot,
  onError: (error: unknown) => void,
): Promise<Result<StatusSocket, string>> {
  const path = statusSocketPath(logDir);
  try {
    await pruneDeadSockets(privateLinkDir());
    if (existsSync(path)) {
      if (await answers(path)) return err(`${path} is served by another watchdog`);
      rmSync(path, { force: true });
    }
  } catch (error) {
    return err(`cannot serve ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const server = createServer((socket) => serve(socket, logDir, snapshot, onError));
  const listening = await new Promise<Error | null>((resolve) => {
    server.once('error', resolve);
    server.listen(path, () => resolve(null));
  });
  if (listening) return err(`cannot serve ${path}: ${listening.message}`);
  server.on('error', onError);
  return ok({ path, close: () => closeServer(server, path) });
}

function serve(
  socket: Socket,
  logDir: string,
  snapshot: TakeSnapshot,
  onError: (error: unknown) => void,
): void {
  let buffered = '';
  let answered = false;
  const answer = (value: StatusAnswer): void => {
    answered = true;
    socket.end(`${JSON.stringify(value)}\n`);
  };
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    if (answered) return;
    buffered += chunk;
    if (buffered.length > STATUS_SOCKET_MAX_LINE)
      return answer({ ok: false, reason: 'request too long' });
    const end = buffered.indexOf('\n');
    if (end < 0) return;
    let request: unknown;
    try {
      request = JSON.parse(buffered.slice(0, end));
    } catch {
      return answer({ ok: false, reason: 'request is not JSON' });
    }
    const parsed = statusRequestSchema.safeParse(request);
    if (!parsed.success) return answer({ ok: false, reason: 'request is not a status request' });
    if (parsed.data.logDir !== logDir) return answer({ ok: false, reason: 'another run' });
    answered = true;
    snapshot(parsed.data.sessions)
      .then((taken) => {
        socket.end(
          `${JSON.stringify(
            taken.ok
              ? { ok: true, panes: taken.value.panes, screens: [...taken.value.screens] }
              : { ok: false, reason: taken.error.reason },
          )}\n`,
        );
      })
      .catch((error: unknown) => {
        onError(error);
        socket.destroy();
      });
  });
}

/**
 * Removes the status sockets of watchdogs that died without closing theirs (kill -9, a lost
 * machine), so the folder does not fill up over months; a socket exists only while listened on,
 * so one that refuses connections is dead. Best effort.
 */
async function pruneDeadSockets(dir: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(STATUS_SOCKET_SUFFIX));
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      if (!(await answers(path))) rmSync(path, { force: true });
    }),
  );
}

/** True when something accepts connections on `path` (a live watchdog's socket). */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

function closeServer(server: Server, path: string): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Node removes the socket file on close; a crash leaves it, and the next watchdog replaces it.
    rmSync(path, { force: true });
  });
}
