// `launch status [--json]`: one glance answers "is it healthy, and if not, why".
import { relative } from 'node:path';
import type { Command } from 'commander';
import { dialectFor } from '../../screen/dialects.js';
import { buildStatus, type SessionView, type StatusView } from '../../status/status-view.js';
import { eventDetail, eventLabel } from '../../watchdog/describe-event.js';
import type { LedgerEvent } from '../../watchdog/types.js';
import { formatTable } from '../format-table.js';
import { limitZone, requirePhases, resolveSettings, tmuxFor, type CliDeps } from '../context.js';
import { paint, type CliIo, type Colour } from '../io.js';
import { clock, since, until } from '../relative-time.js';

const STATE_COLOURS: Record<SessionView['state'], Colour> = {
  active: 'green',
  idle: 'dim',
  waiting: 'cyan',
  limited: 'yellow',
  backoff: 'red',
  fatal: 'red',
  dead: 'red',
  stopped: 'dim',
};

function why(session: SessionView, view: StatusView, zone: string, now: Date): string {
  if (session.state === 'limited' && session.limitedUntil) {
    const reset = session.resetAt
      ? `resets ${clock(session.resetAt, zone, now)} (${until(session.resetAt, now)}), `
      : 'reset time unknown, ';
    return `${reset}probe ${clock(session.limitedUntil, zone, now)}${view.watchdog.running ? '' : ' (watchdog not running)'}`;
  }
  return session.why;
}

/** One ledger event as a line of the "recent" list (also `launch demo`'s plain output). */
export function eventLine(event: LedgerEvent, zone: string, now: Date): string {
  return `${clock(event.ts, zone, now).padEnd(8)}  ${(event.role ?? '').padEnd(12)} ${eventLabel(event).padEnd(18)} ${eventDetail(event)}`.trimEnd();
}

/** The human view of `launch status` (also the body of `launch demo`'s live view). */
export function renderStatus(
  view: StatusView,
  io: CliIo,
  planDir: string,
  builderDir: string,
  zone: string,
  now: Date,
): string {
  const lines: string[] = [];
  const phaseState = view.sequenceComplete
    ? paint(io, 'green', 'sequence complete')
    : view.phase.done
      ? paint(io, 'green', 'DONE')
      : 'in progress';
  lines.push(
    `phase ${view.phase.id} [${view.phase.index + 1}/${view.phase.total}]  ${phaseState}   plan ${relative(planDir, view.phase.plan)} · status ${relative(builderDir, view.phase.statusFile)}`,
    '',
  );
  const rows = view.sessions.map((session) => [
    session.role,
    session.name,
    paint(io, STATE_COLOURS[session.state], session.state),
    since(session.since, now),
    why(session, view, zone, now),
  ]);
  const watchdog = view.watchdog;
  rows.push([
    'watchdog',
    watchdog.session,
    paint(io, watchdog.running ? 'green' : 'red', watchdog.running ? 'running' : 'stopped'),
    '',
    watchdog.running
      ? `pid ${watchdog.pid}${watchdog.lastTick ? `, last tick ${since(watchdog.lastTick, now)} ago` : ''}`
      : view.sequenceComplete
        ? 'finished with the sequence'
        : 'not running: `launch start --resume` restarts it',
  ]);
  lines.push(formatTable(['ROLE', 'SESSION', 'STATE', 'SINCE', 'WHY'], rows).trimEnd());
  if (view.recent.length > 0) {
    lines.push('', 'recent');
    for (const event of view.recent) lines.push(`  ${eventLine(event, zone, now)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerStatus(program: Command, deps: CliDeps): void {
  program
    .command('status')
    .description('phase, each session with its state and why, limit windows, the watchdog')
    .option('--json', 'print one JSON object (for scripts)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { settings } = resolveSettings(deps, command, { usePersisted: true });
      const sequence = requirePhases(settings);
      const zone = limitZone(settings, deps.env);
      const now = deps.now();
      const view = await buildStatus({
        settings,
        phases: sequence.phases,
        tmux: tmuxFor(settings),
        dialect: dialectFor(settings.backend),
        zone,
        now,
      });
      deps.io.out(
        options.json
          ? `${JSON.stringify(view, null, 2)}\n`
          : renderStatus(view, deps.io, settings.planDir, settings.builderDir, zone, now),
      );
    });
}
