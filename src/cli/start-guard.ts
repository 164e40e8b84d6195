// What `launch start` does about the run already in this log dir: a live run is never replaced
// silently (refused with its name and phase and the two ways on; `--resume` there is a no-op, and
// `--restart` replaces it), and a finished sequence is not silently started again at phase 1.
// Asked under the start lock, so a start that finished a moment ago is seen.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readState } from '../adapters/state-store.js';
import type { Settings } from '../config/fields.js';
import { runLiveness } from '../fleet/run-live.js';
import type { PhaseSequence } from '../phases/manifest.js';
import { CliError, EXIT_RUNTIME } from '../util/errors.js';
import { SEQUENCE_COMPLETE_FILE } from '../watchdog/run-files.js';
import type { CliDeps } from './context.js';
import { launchHint } from './given-flags.js';
import { since } from './relative-time.js';

export interface StartFlags {
  readonly resume: boolean;
  readonly restart: boolean;
  /** The run's name on this machine (start-register.ts checkRunName). */
  readonly name: string;
}

function phaseLabel(settings: Settings, sequence: PhaseSequence): string {
  const state = readState(settings.logDir);
  const index = Math.min(state.ok ? state.value.phaseIndex : 0, sequence.phases.length - 1);
  return `phase ${sequence.phases[index]?.id ?? '?'} [${index + 1}/${sequence.phases.length}]`;
}

/** When the sequence was completed (ISO), or null when it is not. */
function completedAt(logDir: string): string | null {
  const file = join(logDir, SEQUENCE_COMPLETE_FILE);
  if (existsSync(file)) {
    try {
      return statSync(file).mtime.toISOString();
    } catch {
      return new Date(0).toISOString();
    }
  }
  const state = readState(logDir);
  return state.ok && state.value.sequenceComplete ? new Date(0).toISOString() : null;
}

/**
 * 'start': go on (stopping what is there, as before); 'nothing': a `--resume` of a live run, said.
 * Throws the refusal (exit 1) for a live run or a finished sequence without `--restart`.
 */
export function startDecision(
  deps: CliDeps,
  settings: Settings,
  sequence: PhaseSequence,
  flags: StartFlags,
): 'start' | 'nothing' {
  if (flags.restart) return 'start';
  const name = flags.name;
  const hint = (words: string): string => `\`${launchHint(deps.argv, words)}\``;
  const liveness = runLiveness(settings.logDir);
  if (liveness.live) {
    const what = `run ${name} is live here (${phaseLabel(settings, sequence)}, watchdog pid ${liveness.pid ?? '?'})`;
    if (flags.resume) {
      deps.io.out(
        `${what}: nothing to do, it keeps running (${hint('start --restart --resume')} restarts its sessions at this phase)\n`,
      );
      return 'nothing';
    }
    throw new CliError(
      `${what}; nothing was touched: ${hint('start --resume')} leaves it running, ${hint('start --restart')} replaces it (stops it, starts over at phase 1)`,
      EXIT_RUNTIME,
    );
  }
  const done = completedAt(settings.logDir);
  if (done !== null) {
    const when = Date.parse(done) > 0 ? ` ${since(done, deps.now())} ago` : '';
    throw new CliError(
      `run ${name} completed its sequence (${sequence.phases.map((phase) => phase.id).join(', ')})${when}; nothing was started: ${hint('start --restart')} starts over at phase 1`,
      EXIT_RUNTIME,
    );
  }
  return 'start';
}
