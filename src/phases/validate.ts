// Every problem with a plan dir's phases and prompts at once, so a user fixes them in one pass.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { teamOf, type TeamSettings } from '../config/team.js';
import { checkPreamble } from './kickoff.js';
import { inspectPhases, type PhaseSequence } from './manifest.js';
import type { Phase } from './phase.js';

export const REQUIRED_PROMPTS: readonly Role[] = ['builder', 'adversary'];

export function promptPath(planDir: string, role: Role): string {
  return join(planDir, 'prompts', `${role}.md`);
}

/** The Orchestrator runs when its prompt exists and WATCH_ORCHESTRATOR is not 0. */
export function orchestratorEnabled(settings: TeamSettings): boolean {
  return teamOf(settings).some(
    (role) => role.kind === 'orchestrator' && settings.watchOrchestrator && existsSync(role.prompt),
  );
}

/**
 * The roles a run starts and watches: every agent role (by default Builder and Adversary), and the
 * orchestrator-kind role when its prompt exists and WATCH_ORCHESTRATOR is not 0.
 */
export function activeRoles(settings: TeamSettings): Role[] {
  return teamOf(settings)
    .filter(
      (role) =>
        role.kind !== 'orchestrator' || (settings.watchOrchestrator && existsSync(role.prompt)),
    )
    .map((role) => role.name);
}

export interface PhaseCheck {
  readonly sequence: PhaseSequence | null;
  readonly problems: readonly string[];
}

/** Plan files that do not exist, and status files two phases share. */
export function phaseFileProblems(phases: readonly Phase[]): string[] {
  const problems: string[] = [];
  for (const phase of phases) {
    if (!existsSync(phase.planPath))
      problems.push(`${phase.origin}: plan file ${phase.planPath} does not exist`);
  }
  const byStatus = new Map<string, string>();
  for (const phase of phases) {
    const first = byStatus.get(phase.status);
    if (first !== undefined) {
      problems.push(
        `${phase.origin}: phases "${first}" and "${phase.id}" share the status file ${phase.status}; ` +
          `"${phase.id}" would count as DONE as soon as "${first}" is`,
      );
    } else byStatus.set(phase.status, phase.id);
  }
  return problems;
}

export function checkPlanDir(settings: Settings): PhaseCheck {
  const inspection = inspectPhases(settings);
  const problems: string[] = [...inspection.problems];
  const sequence =
    problems.length === 0 ? { phases: inspection.phases, source: inspection.source } : null;

  problems.push(...phaseFileProblems(inspection.phases));
  // Every agent role needs its prompt (by default builder.md and adversary.md).
  for (const role of teamOf(settings).filter((candidate) => candidate.kind === 'agent')) {
    const file = role.prompt;
    if (!existsSync(file))
      problems.push(
        `${file}: missing ${role.name} prompt; run \`launch init --force\` or create it`,
      );
  }
  problems.push(...checkPreamble(settings.planDir));
  // A role's own kickoff template: its placeholders are checked like the shared preamble's.
  for (const file of new Set(teamOf(settings).flatMap((role) => role.kickoff ?? [])))
    problems.push(...checkPreamble(settings.planDir, file));
  if (orchestratorEnabled(settings) && !existsSync(settings.orchWakePrompt)) {
    problems.push(
      `${settings.orchWakePrompt}: missing the Orchestrator's wake prompt (ORCH_WAKE_PROMPT); ` +
        'create it, or remove prompts/orchestrator.md / set WATCH_ORCHESTRATOR=0',
    );
  }
  return { sequence, problems };
}
