// The only door to tmux: every call is an argv array through execa with a timeout, against the
// configured socket (`tmux -L <name>`), with exact targets (`=name`). "No such session" is an answer.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../util/result.js';
import { pipePaneCommand } from './pane-log-link.js';
import { batchArgs, newBatchNonce, splitBatch } from './tmux-batch.js';
import { PANE_FORMAT, parsePaneList, type PaneInfo } from './tmux-pane-list.js';
import {
  createTmuxRunner,
  type RunTmux,
  type TmuxResult,
  type TmuxRunnerOptions,
} from './tmux-runner.js';

/** Every pane's liveness and the screens of the asked-for sessions, from one tmux invocation. */
export interface PaneSnapshot {
  /** Every pane on the server (empty when no server runs). */
  readonly panes: readonly PaneInfo[];
  /**
   * The visible screen of each asked-for session that was listed (its current pane), trailing blank
   * rows removed; null when the session vanished before its capture. Unlisted sessions are absent.
   */
  readonly screens: ReadonlyMap<string, string | null>;
  /** tmux invocations it took: 1, unless a session vanished mid-call. */
  readonly calls: number;
}

export interface NewSessionSpec {
  readonly name: string;
  readonly cwd: string;
  /** Executed directly (never through a shell), even when it is a single word. */
  readonly command: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly width?: number;
  readonly height?: number;
  /** Keep a pane whose program exited, so its last screen and exit status can be read. */
  readonly keepDeadPane?: boolean;
}

export type TmuxFailure =
  | { readonly reason: 'no-server' }
  | { readonly reason: 'no-session'; readonly session: string }
  | { readonly reason: 'duplicate-session'; readonly session: string }
  | { readonly reason: 'timeout'; readonly detail: string }
  | { readonly reason: 'failed'; readonly detail: string };

/** `=name` matches the session exactly (a bare name would also match a prefix). */
export const sessionTarget = (name: string): string => `=${name}`;
/** The active pane of the session's current window. */
export const paneTarget = (name: string): string => `=${name}:`;

const captureArgs = (name: string): string[] => ['capture-pane', '-p', '-t', paneTarget(name)];

function classifyFailure(result: TmuxResult, session?: string): TmuxFailure {
  const text = result.stderr.trim();
  if (result.timedOut) return { reason: 'timeout', detail: text || 'tmux did not answer in time' };
  if (/no server running|error connecting to|No such file or directory/i.test(text))
    return { reason: 'no-server' };
  if (
    /can't find (session|pane|window)|no such (session|window|pane)/i.test(text) &&
    session !== undefined
  ) {
    return { reason: 'no-session', session };
  }
  if (/duplicate session/i.test(text) && session !== undefined)
    return { reason: 'duplicate-session', session };
  return { reason: 'failed', detail: text || `tmux exited with ${result.exitCode}` };
}

export function describeTmuxFailure(failure: TmuxFailure): string {
  switch (failure.reason) {
    case 'no-server':
      return 'no tmux server is running';
    case 'no-session':
      return `no tmux session ${failure.session}`;
    case 'duplicate-session':
      return `tmux session ${failure.session} already exists`;
    case 'timeout':
    case 'failed':
      return failure.detail;
  }
}

/**
 * tmux reads an argument that ends in `;` as "this argument, then a command separator" and drops
 * the `;` (issue 13: a typed text ending in `;` lost it); an argument ending in `\;` keeps one `;`
 * and drops the backslash. So a text ending in `;` is passed with a backslash before its last
 * character — exactly one, whatever precedes it (`a\;` is passed as `a\\;` and arrives as `a\;`).
 * Nothing else in an argument is special to tmux once `-l` and `--` are given.
 */
export function literalArgument(text: string): string {
  return text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text;
}

/** Trailing blank rows are the unused bottom of the screen, not content. */
export function trimTrailingBlankLines(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  return lines.join('\n');
}

/** Where tmux keeps a named socket (tmux leaves the file behind when its server exits). */
export function socketFilePath(
  socket: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(env.TMUX_TMPDIR || '/tmp', `tmux-${uid}`, socket);
}

export function createTmux(options: TmuxRunnerOptions = {}): Tmux {
  return new Tmux(createTmuxRunner(options), options.socket ?? null);
}

export class Tmux {
  constructor(
    readonly run: RunTmux,
    /** The private socket this adapter talks to, or null for the user's default server. */
    readonly socket: string | null = null,
  ) {}

  async version(): Promise<Result<string, TmuxFailure>> {
    const result = await this.run(['-V']);
    return result.exitCode === 0 ? ok(result.stdout.trim()) : err(classifyFailure(result));
  }

  async hasSession(name: string): Promise<boolean> {
    const result = await this.run(['has-session', '-t', sessionTarget(name)]);
    return result.exitCode === 0;
  }

  async newSession(spec: NewSessionSpec): Promise<Result<void, TmuxFailure>> {
    // An argument ending in `;` would end the tmux command there (a kickoff or flag ending in `;`
    // lost it, and whatever followed became a tmux command): escaped as for typed text.
    const envArgs = Object.entries(spec.env ?? {}).flatMap(([key, value]) => [
      '-e',
      literalArgument(`${key}=${value}`),
    ]);
    // tmux runs a one-word command through `sh -c`; `env --` keeps it an exec of argv.
    const command = (
      spec.command.length === 1 ? ['env', '--', ...spec.command] : [...spec.command]
    ).map(literalArgument);
    const args = [
      'new-session',
      '-d',
      '-s',
      spec.name,
      '-c',
      spec.cwd,
      '-x',
      String(spec.width ?? 200),
      '-y',
      String(spec.height ?? 50),
      ...envArgs,
      '--',
      ...command,
    ];
    // Chained in one invocation so the option is set before tmux can notice an early exit.
    if (spec.keepDeadPane)
      args.push(';', 'set-option', '-p', '-t', paneTarget(spec.name), 'remain-on-exit', 'on');
    const result = await this.run(args);
    return result.exitCode === 0 ? ok(undefined) : err(classifyFailure(result, spec.name));
  }

  /** true when a session was killed, false when there was none. */
  async killSession(name: string): Promise<boolean> {
    const result = await this.run(['kill-session', '-t', sessionTarget(name)]);
    return result.exitCode === 0;
  }

  /** The visible screen (plus `history` lines of scrollback), trailing blank rows removed; null if absent. */
  async capture(name: string, options: { readonly history?: number } = {}): Promise<string | null> {
    const args = captureArgs(name);
    if (options.history) args.push('-S', String(-options.history));
    const result = await this.run(args);
    return result.exitCode === 0 ? trimTrailingBlankLines(result.stdout) : null;
  }

  /**
   * Types text exactly as given: `-l` turns off key-name lookup, `--` ends option parsing, and a
   * trailing `;` is escaped (see literalArgument) so tmux does not eat it as a command separator.
   */
  async sendLiteral(name: string, text: string): Promise<Result<void, TmuxFailure>> {
    if (text === '') return ok(undefined);
    const result = await this.run([
      'send-keys',
      '-t',
      paneTarget(name),
      '-l',
      '--',
      literalArgument(text),
    ]);
    return result.exitCode === 0 ? ok(undefined) : err(classifyFailure(result, name));
  }

  /** Sends named keys (Enter, C-m, C-u, Escape, ...). */
  async sendKeys(name: string, keys: readonly string[]): Promise<Result<void, TmuxFailure>> {
    const result = await this.run(['send-keys', '-t', paneTarget(name), '--', ...keys]);
    return result.exitCode === 0 ? ok(undefined) : err(classifyFailure(result, name));
  }

  /** Pastes long text through a tmux buffer fed on stdin, so it never passes through argv limits. */
  async pasteText(name: string, text: string): Promise<Result<void, TmuxFailure>> {
    const buffer = `launch-${process.pid}-${Date.now()}`;
    const result = await this.run(
      [
        'load-buffer',
        '-b',
        buffer,
        '-',
        ';',
        'paste-buffer',
        '-d',
        '-p',
        '-b',
        buffer,
        '-t',
        paneTarget(name),
      ],
      { input: text },
    );
    return result.exitCode === 0 ? ok(undefined) : err(classifyFailure(result, name));
  }

  /**
   * Appends everything the pane prints to `<logDir>/<name>.log`. Closing and reopening the pipe
   * happen in one tmux invocation, so no output falls between them (log rotation relies on this).
   */
  async pipePane(name: string, logDir: string): Promise<Result<void, TmuxFailure>> {
    const command = pipePaneCommand(logDir, name);
    const result = await this.run([
      'pipe-pane',
      '-t',
      paneTarget(name),
      ';',
      'pipe-pane',
      '-t',
      paneTarget(name),
      command,
    ]);
    return result.exitCode === 0 ? ok(undefined) : err(classifyFailure(result, name));
  }

  /** Every pane on the server in one call; an empty list when no server runs. */
  async listPanes(): Promise<Result<PaneInfo[], TmuxFailure>> {
    const result = await this.run(['list-panes', '-a', '-F', PANE_FORMAT]);
    if (result.exitCode !== 0) {
      const failure = classifyFailure(result);
      return failure.reason === 'no-server' ? ok([]) : err(failure);
    }
    return ok(parsePaneList(result.stdout));
  }

  /**
   * One `list-panes -a` and the capture of every asked-for session, chained in one tmux invocation.
   * tmux stops at the first command that fails (a session that does not exist, or vanished): the
   * captures after it are retried in one more batched call limited to the listed sessions, and, if
   * that fails too, one call per session.
   */
  async snapshot(sessions: readonly string[]): Promise<Result<PaneSnapshot, TmuxFailure>> {
    const list = ['list-panes', '-a', '-F', PANE_FORMAT];
    const first = await this.runBatch([list, ...sessions.map(captureArgs)]);
    const [listed, ...captured] = first.outputs;
    if (first.outputs.length === 1 && first.result.exitCode !== 0) {
      const failure = classifyFailure(first.result);
      return failure.reason === 'no-server'
        ? ok({ panes: [], screens: new Map(), calls: 1 })
        : err(failure);
    }
    const panes = parsePaneList(listed ?? '');
    const present = new Set(panes.map((pane) => pane.session));
    const screens = new Map<string, string | null>();
    let calls = 1;
    let queue = takeCaptures(sessions, captured, first.result, screens);
    queue = queue.filter((session) => present.has(session));
    for (let retry = 0; retry < 2 && queue.length > 0; retry++) {
      const again = await this.runBatch(queue.map(captureArgs));
      calls++;
      queue = takeCaptures(queue, again.outputs, again.result, screens);
    }
    for (const session of queue) {
      screens.set(session, await this.capture(session));
      calls++;
    }
    for (const session of [...screens.keys()]) if (!present.has(session)) screens.delete(session);
    return ok({ panes, screens, calls });
  }

  private async runBatch(
    parts: readonly (readonly string[])[],
  ): Promise<{ result: TmuxResult; outputs: readonly string[] }> {
    const nonce = newBatchNonce();
    const result = await this.run(batchArgs(parts, nonce));
    return { result, outputs: splitBatch(result.stdout, parts.length, nonce).outputs };
  }

  /** Kills the server; for a private socket also removes the socket file tmux leaves behind. */
  async killServer(): Promise<void> {
    await this.run(['kill-server']);
    await this.removeStaleSocket();
  }

  /**
   * Removes a private socket's file once no server answers on it. Never touches the default
   * server. `kill-server` returns before the server has gone, so a server still answering with no
   * sessions left is given a moment (bounded) to exit.
   */
  async removeStaleSocket(): Promise<void> {
    if (this.socket === null) return;
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await this.run(['list-sessions']);
      if (answer.exitCode !== 0 && classifyFailure(answer).reason === 'no-server') {
        rmSync(socketFilePath(this.socket), { force: true });
        return;
      }
      if (answer.exitCode === 0 && answer.stdout.trim() !== '') return; // live sessions: not stale
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Records the captures a batch produced. The capture that stopped the batch is recorded as vanished
 * when tmux said the session is gone, else it is tried again. Returns the sessions still to read.
 */
function takeCaptures(
  sessions: readonly string[],
  outputs: readonly string[],
  result: TmuxResult,
  screens: Map<string, string | null>,
): string[] {
  const succeeded = result.exitCode === 0;
  const done = succeeded ? sessions.length : Math.max(0, outputs.length - 1);
  sessions.slice(0, done).forEach((session, index) => {
    screens.set(session, trimTrailingBlankLines(outputs[index] ?? ''));
  });
  if (succeeded) return [];
  const failed = sessions[done];
  if (failed === undefined) return [];
  if (classifyFailure(result, failed).reason === 'no-session') {
    screens.set(failed, null);
    return sessions.slice(done + 1);
  }
  return sessions.slice(done);
}
