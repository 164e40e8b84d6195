// Every problem with a plan dir's phases and prompts at once, so a user fixes them in one pass.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { checkPreamble } from './kickoff.js';
import { inspectPhases, type PhaseSequence } from './manifest.js';
import type { Phase } from './phase.js';

export const REQUIRED_PROMPTS: readonly Role[] = ['builder', 'adversary'];

export function promptPath(planDir: string, role: Role): string {
  return join(planDir, 'prompts', `${role}.md`);
}

/** The Orchestrator runs when its prompt exists and WATCH_ORCHESTRATOR is not 0. */
export function orchestratorEnabled(
  settings: Pick<Settings, 'planDir' | 'watchOrchestrator'>,
): boolean {
  return settings.watchOrchestrator && existsSync(promptPath(settings.planDir, 'orchestrator'));
}

/** The roles a run starts and watches: Builder, Adversary, and the Orchestrator when enabled. */
export function activeRoles(settings: Pick<Settings, 'planDir' | 'watchOrchestrator'>): Role[] {
  return orchestratorEnabled(settings)
    ? ['builder', 'adversary', 'orchestrator']
    : ['builder', 'adversary'];
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
  for (const role of REQUIRED_PROMPTS) {
    const file = promptPath(settings.planDir, role);
    if (!existsSync(file))
      problems.push(`${file}: missing ${role} prompt; run \`launch init --force\` or create it`);
  }
  problems.push(...checkPreamble(settings.planDir));
  if (orchestratorEnabled(settings) && !existsSync(settings.orchWakePrompt)) {
    problems.push(
      `${settings.orchWakePrompt}: missing the Orchestrator's wake prompt (ORCH_WAKE_PROMPT); ` +
        'create it, or remove prompts/orchestrator.md / set WATCH_ORCHESTRATOR=0',
    );
  }
  return { sequence, problems };
}
