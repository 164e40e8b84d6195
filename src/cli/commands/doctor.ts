// `launch doctor`: every preflight check on one line with ✓ / ! / ✗, and a fix under each problem.
import type { Command } from 'commander';
import { checkClientVersion } from '../../agents/client-version.js';
import { runPreflight, type CheckStatus } from '../../agents/preflight.js';
import { rootClaudeCheck } from '../../agents/root-check.js';
import { teamOf } from '../../config/team.js';
import { CliError, EXIT_RUNTIME } from '../../util/errors.js';
import { resolveSettings, tmuxFor, type CliDeps } from '../context.js';
import { paint } from '../io.js';

const MARKS: Record<CheckStatus, { mark: string; colour: 'green' | 'yellow' | 'red' }> = {
  ok: { mark: '✓', colour: 'green' },
  warn: { mark: '!', colour: 'yellow' },
  fail: { mark: '✗', colour: 'red' },
};

async function doctor(deps: CliDeps, command: Command): Promise<void> {
  const { settings } = resolveSettings(deps, command, { usePersisted: false, planDir: false });
  const backends = [...new Set(teamOf(settings).map((role) => role.backend))];
  const checks = [
    ...(await runPreflight({
      settings,
      tmux: tmuxFor(settings),
      env: deps.env,
      cwd: deps.cwd,
    })),
    // Each client the team uses, once (a mixed team: Claude Code and Codex both).
    ...backends.flatMap((backend) => rootClaudeCheck({ ...settings, backend })),
    // Doctor only (not `launch start`): running the client can take seconds.
    ...(
      await Promise.all(
        backends.map((backend) =>
          checkClientVersion({ settings: { ...settings, backend }, env: deps.env, cwd: deps.cwd }),
        ),
      )
    ).flat(),
  ];
  for (const check of checks) {
    const { mark, colour } = MARKS[check.status];
    deps.io.out(`${paint(deps.io, colour, mark)} ${check.label}\n`);
    if (check.fix && check.status !== 'ok') deps.io.out(`    ${check.fix}\n`);
  }
  const problems = checks.filter((check) => check.status === 'fail').length;
  const warnings = checks.filter((check) => check.status === 'warn').length;
  const summary = [
    problems > 0 ? `${problems} problem${problems === 1 ? '' : 's'}` : 'no problems',
    ...(warnings > 0 ? [`${warnings} warning${warnings === 1 ? '' : 's'}`] : []),
  ].join(', ');
  deps.io.out(`${summary}\n`);
  // The report above is the message; exit 1 so scripts can gate on it.
  if (problems > 0) throw new CliError(`doctor found ${summary}`, EXIT_RUNTIME);
}

export function registerDoctor(program: Command, deps: CliDeps): void {
  program
    .command('doctor')
    .description('run every preflight check, with a one-line fix for each failure')
    .action(async (_options: unknown, command: Command) => doctor(deps, command));
}
