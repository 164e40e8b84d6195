// Runs NOTIFY_COMMAND for one notification: an argv (never a shell), the JSON document on stdin, a
// hard timeout (SIGTERM, then SIGKILL), its exit status as the answer.
import { execa } from 'execa';
import { err, ok, type Result } from '../util/result.js';
import type { SendFailure } from './webhook.js';

export interface CommandOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly cwd: string;
  /** Added to the watchdog's environment (LAUNCH_NOTIFY_KIND, …) for scripts that prefer it. */
  readonly env: Readonly<Record<string, string>>;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 200);
}

export async function runNotifyCommand(
  argv: readonly string[],
  input: string,
  options: CommandOptions,
): Promise<Result<void, SendFailure>> {
  const [file, ...args] = argv;
  if (file === undefined) return err({ detail: 'NOTIFY_COMMAND is empty', retryable: false });
  const result = await execa(file, args, {
    input,
    cwd: options.cwd,
    env: { ...options.env },
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    forceKillAfterDelay: 2_000,
    reject: false,
    stdout: 'ignore',
    stderr: 'pipe',
    stripFinalNewline: true,
  });
  if (!result.failed) return ok(undefined);
  const name = argv.join(' ');
  if (result.isCanceled) return err({ detail: 'cancelled at exit', retryable: false });
  if (result.timedOut)
    return err({
      detail: `${name} did not finish within ${options.timeoutMs / 1000}s`,
      retryable: true,
    });
  if (result.exitCode === undefined && result.signal === undefined) {
    // It never ran (not found, not executable): trying again changes nothing.
    return err({
      detail: `${name}: ${result.originalMessage ?? result.shortMessage}`,
      retryable: false,
    });
  }
  if (result.exitCode === undefined)
    return err({ detail: `${name} was killed by ${result.signal}`, retryable: true });
  const stderr = typeof result.stderr === 'string' ? lastLine(result.stderr) : '';
  return err({
    detail: `${name} exited with ${result.exitCode}${stderr ? `: ${stderr}` : ''}`,
    retryable: true,
  });
}
