// Runs one prepared ssh invocation: captured with a hard deadline (a host that does not answer is
// an answer, "unreachable", never a hang), or streamed to the person with the remote text made
// safe to show and the remote exit code kept.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { stripTerminalControls } from '../util/terminal-text.js';
import type { SshInvocation } from './ssh-argv.js';

/** ssh's own failures (cannot connect, refused key, ...) exit 255; `launch` never does. */
export const SSH_FAILED = 255;

export type HostAnswer =
  | {
      readonly kind: 'answered';
      readonly exitCode: number;
      readonly stdout: string;
      readonly stderr: string;
    }
  | { readonly kind: 'unreachable'; readonly reason: string };

function lastLine(text: string): string {
  const lines = stripTerminalControls(text, { keepNewlines: true })
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return (lines[lines.length - 1] ?? '').slice(0, 200);
}

/** The socket folder, private to the user (it holds live logins). */
function prepareControlDir(invocation: SshInvocation): void {
  try {
    mkdirSync(dirname(invocation.controlPath), { recursive: true, mode: 0o700 });
  } catch {
    // ssh then connects without sharing the connection, which still works.
  }
}

export async function runCaptured(
  invocation: SshInvocation,
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<HostAnswer> {
  prepareControlDir(invocation);
  const result = await execa(invocation.file, [...invocation.args], {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: options.timeoutMs,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    forceKillAfterDelay: 1_000,
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
  });
  const stdout = typeof result.stdout === 'string' ? result.stdout : '';
  const stderr = typeof result.stderr === 'string' ? result.stderr : '';
  if (result.timedOut)
    return {
      kind: 'unreachable',
      reason: `no answer within ${Math.round(options.timeoutMs / 1000)}s`,
    };
  if (result.isCanceled) return { kind: 'unreachable', reason: 'cancelled' };
  if (result.exitCode === undefined) {
    const never = (result as { code?: string }).code === 'ENOENT';
    return {
      kind: 'unreachable',
      reason: never ? 'ssh not found on PATH' : lastLine(result.shortMessage ?? '') || 'ssh failed',
    };
  }
  if (result.exitCode === SSH_FAILED)
    return { kind: 'unreachable', reason: lastLine(stderr) || `ssh exited with ${SSH_FAILED}` };
  return { kind: 'answered', exitCode: result.exitCode, stdout, stderr };
}

/** Splits a stream into lines and hands each (stripped) on; the last partial line at the end. */
function lineRelay(
  write: (text: string) => void,
  newline: string,
): {
  readonly push: (chunk: string) => void;
  readonly end: () => void;
} {
  let pending = '';
  const emit = (line: string, ended: boolean): void =>
    write(stripTerminalControls(line, { keepNewlines: false }) + (ended ? newline : ''));
  return {
    push: (chunk) => {
      pending += chunk;
      let at = pending.indexOf('\n');
      while (at >= 0) {
        emit(pending.slice(0, at).replace(/\r$/, ''), true);
        pending = pending.slice(at + 1);
        at = pending.indexOf('\n');
      }
    },
    end: () => {
      if (pending !== '') emit(pending, false);
      pending = '';
    },
  };
}

export interface StreamOptions {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The invocation has `-tt`: ssh owns the terminal while it runs (Ctrl-C goes to the remote). */
  readonly terminal: boolean;
  /** Resolves when the person asks to stop (SIGINT/SIGTERM when ssh does not own the terminal). */
  readonly interrupted?: Promise<void>;
}

export type StreamEnd =
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'interrupted' };

export async function runStreamed(
  invocation: SshInvocation,
  options: StreamOptions,
): Promise<StreamEnd> {
  prepareControlDir(invocation);
  // With a local terminal, ssh puts it in raw mode (no \n → \r\n): lines must end in \r\n there.
  const ownsTerminal = options.terminal && process.stdin.isTTY === true;
  const newline = ownsTerminal ? '\r\n' : '\n';
  const child = execa(invocation.file, [...invocation.args], {
    stdin: ownsTerminal ? 'inherit' : 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    reject: false,
    encoding: 'utf8',
    forceKillAfterDelay: 2_000,
  });
  const out = lineRelay(options.out, newline);
  const errors = lineRelay(options.err, newline);
  let stderrTail = '';
  // ssh's own complaint (cannot connect) comes on stderr before anything from the remote side:
  // stderr is held until the remote speaks or ssh ends, so an unreachable host is one line (ours).
  let held: string[] | null = [];
  const release = (): void => {
    for (const chunk of held ?? []) errors.push(chunk);
    held = null;
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    release();
    out.push(chunk);
  });
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2_000);
    if (held === null) errors.push(chunk);
    else held.push(chunk);
  });
  let interrupted = false;
  void options.interrupted?.then(() => {
    interrupted = true;
    // Closing the connection hangs up the remote terminal: the remote follow ends too.
    child.kill('SIGTERM');
  });
  const result = await child;
  if (result.exitCode === SSH_FAILED) held = null;
  release();
  out.end();
  errors.end();
  if (interrupted) return { kind: 'interrupted' };
  if (result.exitCode === undefined) {
    const never = (result as { code?: string }).code === 'ENOENT';
    return { kind: 'unreachable', reason: never ? 'ssh not found on PATH' : 'ssh was killed' };
  }
  if (result.exitCode === SSH_FAILED)
    return { kind: 'unreachable', reason: lastLine(stderrTail) || `ssh exited with ${SSH_FAILED}` };
  return { kind: 'exited', exitCode: result.exitCode };
}
