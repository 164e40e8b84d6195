// How one tmux invocation runs: an argv array (no shell) with a timeout, against the configured
// socket (`tmux -L <name>`), never rejecting — tmux's "no" is an answer the caller reads.
//
// Node's execFile rather than execa: every command runs tmux, most only once (`launch status`),
// and execa's first call — loading its modules and setting up its stdio machinery — cost more than
// the whole status work (about 15% of `launch status`, measured). tmux needs none of what execa
// adds: a fixed binary, an argv array, small text in and out.
import { execFile } from 'node:child_process';

export interface TmuxResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export type RunTmux = (
  args: readonly string[],
  options?: { readonly input?: string },
) => Promise<TmuxResult>;

export interface TmuxRunnerOptions {
  /** `-L <socket>`: a private server, so a supervisor and its tests never touch the user's own. */
  readonly socket?: string | null;
  /** `-f <file>` for a server this call starts (tests pass /dev/null). */
  readonly configFile?: string;
  readonly timeoutMs?: number;
  readonly bin?: string;
  /** Called after every invocation (for counting tmux processes in the benchmark). */
  readonly onSpawn?: (args: readonly string[]) => void;
}

export function createTmuxRunner(options: TmuxRunnerOptions = {}): RunTmux {
  const prefix = [
    ...(options.socket ? ['-L', options.socket] : []),
    ...(options.configFile ? ['-f', options.configFile] : []),
  ];
  const bin = options.bin ?? 'tmux';
  return (args, runOptions) => {
    options.onSpawn?.(args);
    return new Promise<TmuxResult>((resolve) => {
      const child = execFile(
        bin,
        [...prefix, ...args],
        {
          timeout: options.timeoutMs ?? 10_000,
          killSignal: 'SIGTERM',
          // tmux refuses to start a nested client when $TMUX is set; we only run detached commands.
          env: { ...process.env, TMUX: '' },
          encoding: 'utf8',
          // Screens of many sessions in one call: far past execFile's 1 MB default.
          maxBuffer: 100 * 1024 * 1024,
          shell: false,
        },
        (error, stdout, stderr) => {
          const timedOut = error !== null && error.killed === true && error.signal === 'SIGTERM';
          // A number: tmux's exit status; a string (ENOENT …): tmux could not be started.
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
          resolve({ exitCode: code ?? (timedOut ? 124 : 1), stdout, stderr, timedOut });
        },
      );
      // tmux may exit without reading its input (an error, or a command that takes none).
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(runOptions?.input ?? '');
    });
  };
}
