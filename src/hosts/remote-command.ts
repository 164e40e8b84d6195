// `launch status|stop|logs|events host:run` (and `--host`): the same command run on the host over
// ssh, its output streamed back made safe to show, its exit code kept; a host that cannot be
// reached is one line and exit 1. Runs before the command line is parsed here (the host decides).
import type { CliDeps } from '../cli/context.js';
import { EXIT_RUNTIME, EXIT_USAGE } from '../util/errors.js';
import { loadHostSettings } from './host-settings.js';
import { onInterrupt } from './interrupt.js';
import { resolveHost } from './host-spec.js';
import { planRemote } from './remote-plan.js';
import { sshInvocation } from './ssh-argv.js';
import { runStreamed } from './ssh-run.js';

/** Exit code when it ran on a host (or failed to), null when the command stays on this machine. */
export async function dispatchRemote(
  argv: readonly string[],
  deps: CliDeps,
): Promise<number | null> {
  const fail = (message: string, code: number): number => {
    deps.io.err(`launch: ${message}\n`);
    return code;
  };
  const plan = planRemote(argv);
  if (!plan.ok) return fail(plan.error, EXIT_USAGE);
  if (plan.value === null) return null;
  const { host: hostRef, args, follow } = plan.value;

  const settings = loadHostSettings(deps.cwd, deps.env);
  if (!settings.ok) {
    for (const problem of settings.error) deps.io.err(`launch: ${problem}\n`);
    return EXIT_USAGE;
  }
  const host = resolveHost(hostRef, settings.value.hosts);
  if (!host.ok) return fail(`malformed host: ${host.error}`, EXIT_USAGE);
  const invocation = sshInvocation(host.value, args, { ...settings.value.ssh, terminal: follow });
  if (!invocation.ok) return fail(invocation.error, EXIT_USAGE);

  const signals = deps.interrupted ? null : onInterrupt();
  const end = await runStreamed(invocation.value, {
    out: deps.io.out,
    err: deps.io.err,
    terminal: follow,
    interrupted: deps.interrupted ? deps.interrupted() : signals?.interrupted,
  }).finally(() => signals?.dispose());
  switch (end.kind) {
    case 'exited':
      return end.exitCode;
    case 'interrupted':
      // Ctrl-C is how a follow ends (exit 0, as `status -w`); anything else was cut short (130).
      return follow ? 0 : 130;
    case 'unreachable':
      return fail(`host ${host.value.name}: unreachable (${end.reason})`, EXIT_RUNTIME);
  }
}
