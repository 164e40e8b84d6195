// The phase sequence as people and scripts see it (`launch phases --json`, the HTTP API's
// /api/phases): each phase with its plan, status file, DONE mark, and which one is current.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../config/fields.js';
import { SEQUENCE_COMPLETE_FILE } from '../watchdog/run-files.js';
import { readPhaseIndex } from './phase-index.js';
import type { Phase } from './phase.js';
import { readStatus, type StatusReading } from './status-file.js';

export interface PhaseRow {
  readonly index: number;
  readonly id: string;
  /** Absolute path of the plan file. */
  readonly plan: string;
  readonly statusFile: string;
  readonly current: boolean;
  readonly done: boolean;
  readonly statusKind: StatusReading['kind'];
}

export interface PhasesView {
  /** Where the sequence came from: the manifest path or "PHASES_SPEC". */
  readonly source: string;
  readonly current: number;
  readonly sequenceComplete: boolean;
  readonly phases: readonly PhaseRow[];
  /** Set when the stored phase index could not be used as it was. */
  readonly warning?: string;
}

export function buildPhasesView(
  settings: Pick<Settings, 'logDir' | 'builderDir'>,
  sequence: { readonly phases: readonly Phase[]; readonly source: string },
): PhasesView {
  const current = readPhaseIndex(settings.logDir, sequence.phases.length);
  const complete = existsSync(join(settings.logDir, SEQUENCE_COMPLETE_FILE));
  const phases = sequence.phases.map((phase, index) => {
    const status = readStatus(settings.builderDir, phase.status);
    return {
      index,
      id: phase.id,
      plan: phase.planPath,
      statusFile: status.file,
      current: index === current.index && !complete,
      done: status.kind === 'done',
      statusKind: status.kind,
    };
  });
  return {
    source: sequence.source,
    current: current.index,
    sequenceComplete: complete,
    phases,
    ...(current.warning ? { warning: current.warning } : {}),
  };
}
