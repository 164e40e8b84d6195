// Hot reload of phases/phases.json under a running watchdog: an edit is checked as `launch phases
// validate` would check it, plus one rule of its own — the phases up to the current one stay where
// they are (the state's phase index must keep naming the same phase). A broken edit is refused with
// its problems and the last good sequence stays in force.
import type { Settings } from '../config/fields.js';
import { inspectManifest } from './manifest.js';
import type { Phase } from './phase.js';
import { phaseFileProblems } from './validate.js';

export type ManifestEdit =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'reloaded'; readonly phases: readonly Phase[]; readonly summary: string }
  | { readonly kind: 'rejected'; readonly problems: readonly string[] };

const samePhase = (a: Phase, b: Phase): boolean =>
  a.id === b.id && a.plan === b.plan && a.planPath === b.planPath && a.status === b.status;

function describeChange(before: readonly Phase[], after: readonly Phase[]): string {
  const ids = (phases: readonly Phase[]): string => phases.map((phase) => phase.id).join(' ');
  if (ids(before) !== ids(after)) return `${before.length} → ${after.length} phases: ${ids(after)}`;
  const changed = after.filter((phase, index) => {
    const old = before[index];
    return old === undefined || !samePhase(old, phase);
  });
  return `changed ${changed.map((phase) => phase.id).join(', ')}`;
}

/** Reads and checks the manifest against the sequence in force at `phaseIndex`. */
export function checkManifestEdit(
  settings: Pick<Settings, 'planDir'>,
  current: readonly Phase[],
  phaseIndex: number,
): ManifestEdit {
  const inspection = inspectManifest(settings.planDir);
  const problems = [...inspection.problems];
  if (problems.length === 0) problems.push(...phaseFileProblems(inspection.phases));
  if (problems.length > 0) return { kind: 'rejected', problems };
  const next = inspection.phases;
  for (let index = 0; index <= phaseIndex && index < current.length; index++) {
    const held = current[index];
    if (held !== undefined && next[index]?.id !== held.id) {
      const role = index === phaseIndex ? 'the current phase' : 'a finished phase';
      return {
        kind: 'rejected',
        problems: [
          `${inspection.source}: the edit moves or removes "${held.id}", ${role} (phase ${index + 1}); ` +
            'phases up to the current one must stay in place — edit later phases, or stop, edit, and `launch start --resume`',
        ],
      };
    }
  }
  const unchanged =
    next.length === current.length &&
    next.every((phase, index) => {
      const old = current[index];
      return old !== undefined && samePhase(old, phase);
    });
  if (unchanged) return { kind: 'unchanged' };
  return { kind: 'reloaded', phases: next, summary: describeChange(current, next) };
}
