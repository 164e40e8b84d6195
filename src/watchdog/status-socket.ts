// The watchdog's status socket: `launch status` asks the run's live watchdog to run the whole
// command for it (served-status-protocol.ts: everything is loaded and warm here), or, when it runs
// status itself, for a fresh look at the panes, which the watchdog takes with its own tmux runner
// instead of status loading execa and starting a tmux client. One request line, one answer line,
// then the connection closes. The socket sits in the user's own 0700 folder; a file left by a
// watchdog that died is replaced, one a live watchdog answers on is not.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { PaneSnapshot, TmuxFailure } from '../adapters/tmux.js';
import { privateLinkDir } from '../adapters/pane-log-link.js';
import { err, ok, type Result } from '../util/result.js';
import {
  statusRequestSchema,
  type StatusAnswer,
  type StatusRequest,
} from '../status/status-socket-protocol.js';
import {
  differingFacts,
  LAUNCH_BUILD,
  servedStatusRequestSchema,
  type ServedStatusAnswer,
  type ServedStatusRequest,
} from '../status/served-status-protocol.js';
import type { ServedStatus } from '../status/served-status.js';
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
  /** Runs `launch status` for callers of `build` (served-status-protocol.ts); absent: they run it. */
  serveStatus?: { readonly run: ServeStatus; readonly build?: string | null },
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
  const serving: Serving = {
    logDir,
    snapshot,
    onError,
    ...(serveStatus
      ? { serveStatus: serveStatus.run, build: serveStatus.build ?? LAUNCH_BUILD }
      : { build: null }),
    inFlight: { count: 0 },
  };
  const server = createServer((socket) => serve(socket, serving));
  const listening = await new Promise<Error | null>((resolve) => {
    server.once('error', resolve);
    server.listen(path, () => resolve(null));
  });
  if (listening) return err(`cannot serve ${path}: ${listening.message}`);
  server.on('error', onError);
  return ok({ path, close: () => closeServer(server, path) });
}

export type ServeStatus = (request: ServedStatusRequest) => Promise<ServedStatus>;

interface Serving {
  readonly logDir: string;
  readonly snapshot: TakeSnapshot;
  readonly onError: (error: unknown) => void;
  readonly serveStatus?: ServeStatus;
  /** The build this watchdog runs (null: not bundled): it answers status for that build only. */
  readonly build: string | null;
  /** Statuses being run now: beyond MAX_SERVED, callers run their own (ticks come first). */
  readonly inFlight: { count: number };
}

/** Statuses run at once for callers; a loop of `launch status` must not hold up supervision. */
const MAX_SERVED = 4;

function serve(socket: Socket, serving: Serving): void {
  let buffered = '';
  let answered = false;
  const answer = (value: StatusAnswer | ServedStatusAnswer): void => {
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
    const panes = statusRequestSchema.safeParse(request);
    const status = panes.success ? null : servedStatusRequestSchema.safeParse(request);
    const asked = panes.success ? panes.data : status?.success ? status.data : null;
    if (asked === null) return answer({ ok: false, reason: 'request is not a status request' });
    if (asked.logDir !== serving.logDir) return answer({ ok: false, reason: 'another run' });
    answered = true;
    const answering = 'kind' in asked ? answerStatus(asked, serving) : answerPanes(asked, serving);
    answering
      .then((value) => socket.end(`${JSON.stringify(value)}\n`))
      .catch((error: unknown) => {
        serving.onError(error);
        socket.destroy();
      });
  });
}

async function answerPanes(request: StatusRequest, serving: Serving): Promise<StatusAnswer> {
  const taken = await serving.snapshot(request.sessions);
  return taken.ok
    ? { ok: true, panes: [...taken.value.panes], screens: [...taken.value.screens] }
    : { ok: false, reason: taken.error.reason };
}

/**
 * `launch status` for a caller of the same build whose process facts (time zone, temp folder,
 * locale, home) are this process's: what it prints here is what it would print there.
 */
async function answerStatus(
  request: ServedStatusRequest,
  serving: Serving,
): Promise<ServedStatusAnswer> {
  if (serving.serveStatus === undefined) return { ok: false, reason: 'status not served here' };
  if (serving.build === null || request.build !== serving.build)
    return { ok: false, reason: 'another build' };
  const differing = differingFacts(request.env, process.env);
  if (differing.length > 0) return { ok: false, reason: `another ${differing.join(', ')}` };
  if (serving.inFlight.count >= MAX_SERVED) return { ok: false, reason: 'busy' };
  serving.inFlight.count++;
  let served: ServedStatus;
  try {
    served = await serving.serveStatus(request);
  } finally {
    serving.inFlight.count--;
  }
  return {
    ok: true,
    code: served.code,
    output: served.output.map(([fd, text]) => [fd, text]),
  };
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
