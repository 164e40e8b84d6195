// `launch phases [list|validate]`: the sequence with the current phase and DONE marks; a full check.
import { withExamples } from '../help-text.js';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { buildPhasesView } from '../../phases/phase-view.js';
import { SEQUENCE_COMPLETE_FILE } from '../../watchdog/run-files.js';
import { checkPlanDir } from '../../phases/validate.js';
import { CliError, EXIT_USAGE } from '../../util/errors.js';
import { formatTable } from '../format-table.js';
import { requirePhases, resolveSettings, type CliDeps } from '../context.js';
import { paint } from '../io.js';
import { closestWord } from '../../util/suggest.js';

function listPhases(deps: CliDeps, command: Command, json: boolean): void {
  const { settings } = resolveSettings(deps, command, { usePersisted: true });
  const sequence = requirePhases(settings);
  const view = buildPhasesView(settings, sequence);
  if (view.warning) deps.io.err(`launch: warning: ${view.warning}\n`);
  const current = { index: view.current };
  const complete = view.sequenceComplete;
  const rows = view.phases;
  if (json) {
    deps.io.out(
      `${JSON.stringify({ source: view.source, current: view.current, sequenceComplete: complete, phases: rows }, null, 2)}\n`,
    );
    return;
  }
  const total = rows.length;
  const state = (row: (typeof rows)[number]): string => {
    if (row.done) return paint(deps.io, 'green', 'DONE');
    if (row.current) return paint(deps.io, 'yellow', 'in progress');
    if (row.statusKind === 'unreadable') return paint(deps.io, 'red', 'status unreadable');
    return row.index < current.index ? 'not done' : 'pending';
  };
  deps.io.out(
    `${total} phase${total === 1 ? '' : 's'} from ${relative(deps.cwd, sequence.source) || sequence.source}\n\n`,
  );
  deps.io.out(
    formatTable(
      ['', '#', 'ID', 'PLAN', 'STATUS FILE', 'STATE'],
      rows.map((row) => [
        row.current ? paint(deps.io, 'cyan', '▶') : ' ',
        `${row.index + 1}/${total}`,
        row.id,
        relative(settings.planDir, row.plan),
        relative(settings.builderDir, row.statusFile),
        state(row),
      ]),
    ),
  );
  if (complete)
    deps.io.out(
      `\n${paint(deps.io, 'green', 'sequence complete')} (${join(settings.logDir, SEQUENCE_COMPLETE_FILE)})\n`,
    );
}

function validatePhases(deps: CliDeps, command: Command): void {
  const { settings } = resolveSettings(deps, command, { usePersisted: false });
  const check = checkPlanDir(settings);
  if (check.problems.length > 0) {
    const count = check.problems.length;
    throw new CliError(
      `${check.problems.join('\n')}\n${count} problem${count === 1 ? '' : 's'}`,
      EXIT_USAGE,
    );
  }
  const phases = check.sequence?.phases ?? [];
  deps.io.out(
    `${paint(deps.io, 'green', '✓')} ${phases.length} phase${phases.length === 1 ? '' : 's'} (${phases.map((phase) => phase.id).join(', ')}): plan files and prompts present\n`,
  );
}

const SUBCOMMANDS = ['list', 'validate'];

/** `launch phases valdate`: a typo of a subcommand, not a list with an ignored word. */
function refuseUnknownSubcommand(command: Command): void {
  const word = command.args[0];
  if (word === undefined) return;
  const guess = closestWord(word, SUBCOMMANDS);
  throw new CliError(
    `unknown phases subcommand ${JSON.stringify(word)}${guess ? ` (did you mean ${guess}?)` : ''}; expected ${SUBCOMMANDS.join(' or ')}`,
    EXIT_USAGE,
  );
}

export function registerPhases(program: Command, deps: CliDeps): void {
  const phases = program
    .command('phases')
    .description('show the phase sequence with the current phase and DONE marks')
    .option('--json', 'print JSON')
    .allowExcessArguments(true)
    .action((options: { json?: boolean }, command: Command) => {
      refuseUnknownSubcommand(command);
      listPhases(deps, command, options.json ?? false);
    });
  phases
    .command('list')
    .description('show the phase sequence (same as `launch phases`)')
    .option('--json', 'print JSON')
    .addHelpText('after', withExamples(['launch phases list', 'launch phases list --json']))
    .action((options: { json?: boolean }, command: Command) =>
      listPhases(deps, command, options.json ?? false),
    );
  phases
    .command('validate')
    .description('check the manifest, plan files and prompts; list every problem')
    .addHelpText(
      'after',
      withExamples([
        'launch phases validate',
        'launch phases validate --plan-dir ~/myproject-plan',
      ]),
    )
    .action((_options: unknown, command: Command) => validatePhases(deps, command));
}
