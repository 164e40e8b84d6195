// How one tmux invocation runs: an argv array through execa with a timeout, against the configured
// socket (`tmux -L <name>`), never rejecting — tmux's "no" is an answer the caller reads.
// execa, as every subprocess here (the project rule), though its first load is about 15% of
// `launch status` (docs/bench.md): a plain child_process runner would be faster, not safer.

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
  return async (args, runOptions) => {
    options.onSpawn?.(args);
    // Loaded on the first tmux call, not with the module: commands that never run tmux (phases,
    // events, logs, pause) skip execa's ~130 modules.
    const { execa } = await import('execa');
    const result = await execa(bin, [...prefix, ...args], {
      reject: false,
      timeout: options.timeoutMs ?? 10_000,
      input: runOptions?.input ?? '',
      stripFinalNewline: false,
      // tmux refuses to start a nested client when $TMUX is set; we only run detached commands.
      env: { TMUX: '' },
    });
    return {
      exitCode: result.exitCode ?? (result.timedOut ? 124 : 1),
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: typeof result.stderr === 'string' ? result.stderr : '',
      timedOut: result.timedOut,
    };
  };
}
