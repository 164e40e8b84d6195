// `launch stop`: the watchdog (asked to finish its tick and flush) and the agents go; state stays.
import type { Command } from 'commander';
import { killAgentSessions, killWatchdogSession, stopWatchdogProcess } from '../../agents/stop.js';
import { resolveSettings, tmuxFor, type CliDeps } from '../context.js';

async function stop(deps: CliDeps, command: Command): Promise<void> {
  const { settings } = resolveSettings(deps, command, { usePersisted: true });
  const tmux = tmuxFor(settings);
  const watchdog = await stopWatchdogProcess(settings.logDir);
  const watchdogSession = await killWatchdogSession(tmux, settings);
  const agents = await killAgentSessions(tmux, settings);
  await tmux.removeStaleSocket();

  if (watchdog.pid !== null) {
    deps.io.out(
      `stopped the watchdog (pid ${watchdog.pid}${watchdog.forced ? ', killed after it did not exit in time' : ''})\n`,
    );
  } else if (watchdogSession) {
    deps.io.out('stopped the watchdog session\n');
  }
  if (agents.length > 0) deps.io.out(`stopped ${agents.join(', ')}\n`);
  if (watchdog.pid === null && !watchdogSession && agents.length === 0)
    deps.io.out('nothing was running\n');
  deps.io.out(
    `state kept in ${settings.logDir}; \`launch start --resume\` continues at the current phase\n`,
  );
}

export function registerStop(program: Command, deps: CliDeps): void {
  program
    .command('stop')
    .description('stop the agents and the watchdog; state stays on disk')
    .action(async (_options: unknown, command: Command) => stop(deps, command));
}
