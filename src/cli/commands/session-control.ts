// `launch attach <role>`, `launch send <role> "text"`, `launch restart <role>`: the HTTP API's
// session controls on the command line. With a watchdog serving HTTP they go through its operator
// queue (between ticks, with its refusals: nothing typed in a limit window, no text that would read
// back as a banner); with no watchdog they act directly and say so.
import { execa } from 'execa';
import type { Command } from 'commander';
import { readState } from '../../adapters/state-store.js';
import { readLockHolder } from '../../adapters/watchdog-lock.js';
import { deliver, describeDelivery } from '../../agents/deliver.js';
import { startAgent } from '../../agents/start-agent.js';
import type { Settings } from '../../config/fields.js';
import { sessionName, type Role } from '../../config/roles.js';
import { CliError, EXIT_RUNTIME, EXIT_USAGE } from '../../util/errors.js';
import { operatorText, operatorTextProblem } from '../../watchdog/operator.js';
import { limitZone, requirePhases, resolveSettings, tmuxFor, type CliDeps } from '../context.js';
import { launchHint } from '../given-flags.js';
import { parseRoleArg } from '../role-arg.js';
import { splitRoleRef } from '../run-target.js';
import { roleClient } from '../../agents/role-client.js';
import { teamNames } from '../../config/team.js';
import { answerError, controlAnswer, liveApi, postApi, type ApiAnswer } from '../watchdog-api.js';

/** Control characters would act as keys in the agent's terminal (as the HTTP API refuses them). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** The API's own limit on a message (api-routes.ts DEFAULT_API_LIMITS). */
const MAX_MESSAGE_CHARS = 4000;
/** A delivery waits for the UI, types, submits up to 10 times: give it time. */
const API_TIMEOUT_MS = 120_000;

/** Exit code for an API refusal: bad input is usage, "not now" is runtime. */
function exitFor(status: number): number {
  return status === 400 || status === 404 ? EXIT_USAGE : EXIT_RUNTIME;
}

function apiResult(
  answer: ApiAnswer,
  role: Role,
  via: string,
  forceHint: string,
): { ok: boolean; line: string } {
  if (answer.status !== 200)
    throw new CliError(
      // The API's refusal names its JSON body; on the command line the same insistence is --force.
      `${role}: ${answerError(answer).replace('send {"force": true}', `\`${forceHint}\``)}`,
      exitFor(answer.status),
    );
  const parsed = controlAnswer.safeParse(answer.body);
  if (!parsed.success) throw new CliError(`${via} answered something unexpected`, EXIT_RUNTIME);
  const ok = parsed.data.result === 'delivered' || parsed.data.result === 'restarted';
  return { ok, line: `${role}: ${parsed.data.result}, ${parsed.data.detail} (${via})` };
}

/** The text as it will be typed, or a usage error saying why not. */
function checkedText(words: readonly string[], zone: string, now: Date): string {
  const raw = words.join(' ');
  if (CONTROL.test(raw))
    throw new CliError(
      'the text must not contain control characters (they would act as keys in the terminal)',
      EXIT_USAGE,
    );
  const text = operatorText(raw);
  if (text === '') throw new CliError('the text is blank; nothing to send', EXIT_USAGE);
  if (text.length > MAX_MESSAGE_CHARS)
    throw new CliError(
      `the text is ${text.length} characters; at most ${MAX_MESSAGE_CHARS}`,
      EXIT_USAGE,
    );
  const problem = operatorTextProblem(text, now.getTime(), zone);
  if (problem !== null)
    throw new CliError(
      `not typed: ${problem}, and the watchdog would then misjudge the session; reword it`,
      EXIT_USAGE,
    );
  return text;
}

/** Refuses to type into a session the last watchdog saw inside a usage-limit window. */
function refuseInsideLimit(settings: Settings, role: Role, now: Date): void {
  const state = readState(settings.logDir);
  const record = state.ok ? state.value.sessions[role] : undefined;
  if (record?.state.kind === 'limited' && Date.parse(record.state.until) > now.getTime())
    throw new CliError(
      `${role} is in a usage-limit window until ${record.state.until}; nothing was typed (it would be lost or count against the limit)`,
      EXIT_RUNTIME,
    );
}

/**
 * Asks the watchdog's HTTP API to do it (between two ticks, as the dashboard does) when one serves
 * it; false when none does (the caller then acts directly, or refuses).
 */
async function throughWatchdog(
  deps: CliDeps,
  logDir: string,
  role: Role,
  control: 'message' | 'restart',
  body: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  const address = liveApi(logDir);
  if (address === null) return false;
  const answer = await postApi(address, `/api/sessions/${role}/${control}`, body, API_TIMEOUT_MS);
  const result = apiResult(
    answer,
    role,
    `through the watchdog, pid ${address.pid}`,
    launchHint(deps.argv, `restart ${role} --force`),
  );
  if (!result.ok) throw new CliError(result.line, EXIT_RUNTIME);
  deps.io.out(`${result.line}\n`);
  return true;
}

async function send(
  deps: CliDeps,
  command: Command,
  roleText: string,
  words: string[],
): Promise<void> {
  const ref = splitRoleRef(roleText);
  const { settings } = resolveSettings(deps, command, { usePersisted: true, run: ref.run });
  const role = parseRoleArg(ref.role, teamNames(settings));
  const now = deps.now();
  const text = checkedText(words, limitZone(settings, deps.env), now);
  if (await throughWatchdog(deps, settings.logDir, role, 'message', { text })) return;
  const holder = readLockHolder(settings.logDir);
  refuseInsideLimit(settings, role, now);
  const session = sessionName(settings, role);
  const via =
    holder === null
      ? 'typed directly: no watchdog is running'
      : `typed directly: the watchdog (pid ${holder.pid}) serves no HTTP API to queue it (set HTTP_PORT for that)`;
  const delivery = await deliver(tmuxFor(settings), session, text, {
    dialect: roleClient({ settings }, role).dialect,
    clearInputKeys: roleClient({ settings }, role).clearInputKeys,
  });
  const line = `${role}: ${describeDelivery(delivery)} (${via})`;
  if (delivery.kind !== 'delivered') throw new CliError(line, EXIT_RUNTIME);
  deps.io.out(`${line}\n`);
}

async function restart(
  deps: CliDeps,
  command: Command,
  roleText: string,
  force: boolean,
): Promise<void> {
  const ref = splitRoleRef(roleText);
  const { settings } = resolveSettings(deps, command, { usePersisted: true, run: ref.run });
  const role = parseRoleArg(ref.role, teamNames(settings));
  if (await throughWatchdog(deps, settings.logDir, role, 'restart', { force })) return;
  const holder = readLockHolder(settings.logDir);
  if (holder !== null)
    throw new CliError(
      `the watchdog (pid ${holder.pid}) serves no HTTP API, and a restart behind its back would race its ticks; ` +
        `set HTTP_PORT and \`${launchHint(deps.argv, 'start --resume')}\`, or \`${launchHint(deps.argv, 'stop')}\` first`,
      EXIT_RUNTIME,
    );
  const sequence = requirePhases(settings);
  const tmux = tmuxFor(settings);
  // Starting one agent of a run that is not running would make half a run nobody watches.
  if (!(await tmux.hasSession(sessionName(settings, role))))
    throw new CliError(
      `${role} is not running and no watchdog is: nothing to restart; \`${launchHint(deps.argv, 'start --resume')}\` starts the run`,
      EXIT_RUNTIME,
    );
  const now = deps.now();
  if (!force) refuseInsideLimitForRestart(settings, role, now, deps);
  const state = readState(settings.logDir);
  const phaseIndex = Math.min(state.ok ? state.value.phaseIndex : 0, sequence.phases.length - 1);
  const started = await startAgent(
    {
      tmux,
      settings,
      phases: sequence.phases,
      dialect: roleClient({ settings }, role).dialect,
    },
    role,
    phaseIndex,
  );
  if (!started.ok) throw new CliError(started.error, EXIT_RUNTIME);
  deps.io.out(
    `${role}: restarted ${started.value.session} at phase ${sequence.phases[phaseIndex]?.id ?? '?'} ` +
      `(directly: no watchdog is running; \`${launchHint(deps.argv, 'start --resume')}\` brings it back)\n`,
  );
}

function refuseInsideLimitForRestart(
  settings: Settings,
  role: Role,
  now: Date,
  deps: CliDeps,
): void {
  try {
    refuseInsideLimit(settings, role, now);
  } catch (error) {
    if (error instanceof CliError)
      throw new CliError(
        `${error.message.replace(/; nothing was typed.*$/, '')}; a restart now would meet the same limit (\`${launchHint(deps.argv, `restart ${role} --force`)}\` insists)`,
        EXIT_RUNTIME,
      );
    throw error;
  }
}

async function attach(deps: CliDeps, command: Command, roleText: string): Promise<void> {
  const ref = splitRoleRef(roleText);
  const { settings } = resolveSettings(deps, command, { usePersisted: true, run: ref.run });
  const role = parseRoleArg(ref.role, teamNames(settings));
  const session = sessionName(settings, role);
  const tmux = tmuxFor(settings);
  if (!(await tmux.hasSession(session)))
    throw new CliError(
      `no session ${session} on ${settings.tmuxSocket ? `tmux socket ${settings.tmuxSocket}` : 'the default tmux socket'}; is the run started? (\`${launchHint(deps.argv, 'status')}\`)`,
      EXIT_RUNTIME,
    );
  const socketArgs = settings.tmuxSocket ? ['-L', settings.tmuxSocket] : [];
  const manual = `tmux ${[...socketArgs, 'attach', '-t', session].join(' ')}`;
  if (!deps.io.isTTY || !(deps.stdinIsTTY ?? process.stdin.isTTY))
    throw new CliError(
      `attach needs a terminal (stdin and stdout); from a terminal run \`${launchHint(deps.argv, `attach ${role}`)}\` or \`${manual}\``,
      EXIT_USAGE,
    );
  // Inside tmux on the same server: switch this client; elsewhere attach (nesting, so TMUX unset).
  const env: Record<string, string | undefined> = { ...deps.env };
  const sameServer = await insideSameServer(deps.env.TMUX, socketArgs);
  const args = sameServer
    ? [...socketArgs, 'switch-client', '-t', `=${session}`]
    : [...socketArgs, 'attach-session', '-t', `=${session}`];
  if (!sameServer) delete env.TMUX;
  deps.io.err(`attaching to ${session} (detach: Ctrl-b d)\n`);
  const result = await execa('tmux', args, {
    stdio: 'inherit',
    reject: false,
    env,
    extendEnv: false,
  });
  if (result.exitCode !== 0)
    throw new CliError(`tmux ${args.join(' ')} exited ${result.exitCode ?? '?'}`, EXIT_RUNTIME);
}

/** $TMUX is "<socket path>,<pid>,<session>": the same server when the socket paths match. */
async function insideSameServer(
  tmuxEnv: string | undefined,
  socketArgs: readonly string[],
): Promise<boolean> {
  if (!tmuxEnv) return false;
  const current = tmuxEnv.split(',')[0] ?? '';
  const ours = await execa('tmux', [...socketArgs, 'display-message', '-p', '#{socket_path}'], {
    reject: false,
    env: { TMUX: undefined },
  });
  return ours.exitCode === 0 && String(ours.stdout).trim() === current;
}

export function registerAttach(program: Command, deps: CliDeps): void {
  program
    .command('attach')
    .description("attach your terminal to a session on the run's tmux socket (detach: Ctrl-b d)")
    .argument('<role>', 'builder | adversary | orchestrator, or run:role for a run elsewhere')
    .action((role: string, _options: unknown, command: Command) => attach(deps, command, role));
}

export function registerSend(program: Command, deps: CliDeps): void {
  program
    .command('send')
    .description(
      "type a message into a session with verified delivery (through the watchdog's queue when it serves HTTP)",
    )
    .argument('<role>', 'builder | adversary | orchestrator, or run:role for a run elsewhere')
    .argument('<text...>', 'the message (one line; spaces squeezed)')
    .action((role: string, text: string[], _options: unknown, command: Command) =>
      send(deps, command, role, text),
    );
}

export function registerRestart(program: Command, deps: CliDeps): void {
  program
    .command('restart')
    .description(
      'restart a session the way the watchdog does (its restart path when it serves HTTP)',
    )
    .argument('<role>', 'builder | adversary | orchestrator, or run:role for a run elsewhere')
    .option('--force', 'restart even inside a usage-limit window')
    .action((role: string, options: { force?: boolean }, command: Command) =>
      restart(deps, command, role, options.force ?? false),
    );
}
