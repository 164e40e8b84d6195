// `launch answer <role> <option-number|text>`: answers the prompt a session waits at (a permission,
// trust or selection prompt, a login screen) with verified delivery. Through the watchdog's queue
// when it serves HTTP (between ticks, recorded like its own answers); otherwise typed directly
// when the last state says the session waits, and recorded in the ledger. A session that is not
// waiting gets nothing typed.
import type { Command } from 'commander';
import { appendEvents } from '../../adapters/ledger.js';
import { readState } from '../../adapters/state-store.js';
import { answerPrompt } from '../../agents/answer-prompt.js';
import { sessionName } from '../../config/roles.js';
import { roleClient } from '../../agents/role-client.js';
import { optionsText } from '../../screen/prompt.js';
import { CliError, EXIT_RUNTIME, EXIT_USAGE } from '../../util/errors.js';
import { resolveSettings, tmuxFor, type CliDeps } from '../context.js';
import { parseRoleArg } from '../role-arg.js';
import { splitRoleRef } from '../run-target.js';
import { teamNames } from '../../config/team.js';
import { answerError, controlAnswer, liveApi, postApi } from '../watchdog-api.js';

/** Control characters would act as keys in the agent's terminal. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const API_TIMEOUT_MS = 60_000;
const USAGE = 'launch answer <role> <option-number|text>';

async function answer(
  deps: CliDeps,
  command: Command,
  roleText: string,
  words: readonly string[],
): Promise<void> {
  // `shop:builder`: the run named shop, from any folder; a team's own role names are known.
  const ref = splitRoleRef(roleText);
  const text = words.join(' ').trim();
  if (text === '') throw new CliError(`missing the answer: ${USAGE}`, EXIT_USAGE);
  if (CONTROL.test(text))
    throw new CliError('the answer must not contain control characters', EXIT_USAGE);
  const { settings } = resolveSettings(deps, command, { usePersisted: true, run: ref.run });
  const role = parseRoleArg(ref.role, teamNames(settings));

  const address = liveApi(settings.logDir);
  if (address !== null) {
    const reply = await postApi(
      address,
      `/api/sessions/${role}/answer`,
      { answer: text, via: 'cli' },
      API_TIMEOUT_MS,
    );
    if (reply.status !== 200)
      throw new CliError(
        `${role}: ${answerError(reply)}`,
        reply.status === 400 || reply.status === 404 ? EXIT_USAGE : EXIT_RUNTIME,
      );
    const parsed = controlAnswer.safeParse(reply.body);
    if (!parsed.success)
      throw new CliError('the watchdog answered something unexpected', EXIT_RUNTIME);
    const line = `${role}: ${parsed.data.result}, ${parsed.data.detail} (through the watchdog, pid ${address.pid})`;
    if (parsed.data.result !== 'answered') throw new CliError(line, EXIT_RUNTIME);
    deps.io.out(`${line}\n`);
    return;
  }

  // No watchdog to queue it: the last state written says whether it waits.
  const state = readState(settings.logDir);
  const record = state.ok ? state.value.sessions[role] : undefined;
  if (record?.state.kind !== 'needs-input')
    throw new CliError(
      `${role} is not waiting for input (${record ? record.state.kind : 'no state recorded'}); nothing was typed`,
      EXIT_RUNTIME,
    );
  const waiting = record.state;
  const options = waiting.prompt.options;
  if (
    /^\d+$/.test(text) &&
    options.length > 0 &&
    (Number(text) < 1 || Number(text) > options.length)
  )
    throw new CliError(
      `${role} has no option ${text} (${optionsText(options)}); nothing was typed`,
      EXIT_USAGE,
    );
  const session = sessionName(settings, role);
  const done = await answerPrompt(
    tmuxFor(settings),
    session,
    roleClient({ settings }, role).dialect,
    text,
  );
  const now = deps.now();
  const waitedSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(waiting.since)) / 1000));
  const event = {
    ts: now.toISOString(),
    role,
    who: 'cli',
    what: text,
    question: waiting.prompt.question,
    waitedSeconds,
  };
  if (done.kind !== 'answered') {
    appendEvents(settings.logDir, [
      { ...event, type: 'answer-not-delivered', reason: done.detail },
    ]);
    throw new CliError(
      `${role}: not answered: ${done.keys || 'nothing typed'}: ${done.detail}`,
      EXIT_RUNTIME,
    );
  }
  appendEvents(settings.logDir, [
    { ...event, type: 'input-answered', reason: 'answered by cli', detail: done.after },
  ]);
  deps.io.out(
    `${role}: answered ${done.keys}: ${done.after} (typed directly: no watchdog serves HTTP)\n`,
  );
}

export function registerAnswer(program: Command, deps: CliDeps): void {
  program
    .command('answer')
    .description(
      'answer the prompt a session waits at (permission, trust, selection, login) with verified delivery',
    )
    .argument('<role>', 'builder | adversary | orchestrator')
    .argument('[answer...]', 'an option number (as `launch status` lists them) or the text to type')
    .action((role: string, words: string[], _options: unknown, command: Command) =>
      answer(deps, command, role, words),
    );
}
