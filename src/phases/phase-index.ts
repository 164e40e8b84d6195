// The current phase index, kept in the log dir's state file and clamped to the sequence in force.
import { readState, writeState } from '../adapters/state-store.js';
import { initialState } from '../watchdog/state.js';

export interface CurrentPhase {
  readonly index: number;
  /** Set when the stored index could not be used as it was. */
  readonly warning?: string;
}

export function readPhaseIndex(logDir: string, total: number): CurrentPhase {
  const state = readState(logDir);
  if (!state.ok) {
    return state.error.reason === 'missing'
      ? { index: 0 }
      : {
          index: 0,
          warning: `state file in ${logDir} is damaged (${state.error.detail}); showing phase 1`,
        };
  }
  const stored = state.value.phaseIndex;
  if (stored >= total) {
    return {
      index: total - 1,
      warning: `stored phase ${stored + 1} is past the ${total}-phase sequence; showing the last phase`,
    };
  }
  return { index: stored };
}

/** Sets the phase index, keeping the rest of the state as it is. */
export function writePhaseIndex(logDir: string, index: number): void {
  const state = readState(logDir);
  writeState(logDir, { ...(state.ok ? state.value : initialState()), phaseIndex: index });
}
