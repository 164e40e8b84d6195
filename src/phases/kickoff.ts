// The kickoff prompt an agent starts with: the phase preamble (a template users can edit in their
// plan dir's prompts/) followed by the role's standing prompt.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../config/roles.js';
import { packagePath } from '../util/package-root.js';
import { err, ok, type Result } from '../util/result.js';
import type { Phase } from './phase.js';
import { promptPath } from './validate.js';

export const PREAMBLE_FILE = 'kickoff-preamble.md';

export interface KickoffContext {
  readonly phase: Phase;
  readonly phaseIndex: number;
  readonly phaseTotal: number;
  readonly role: Role;
}

/** The values a preamble may use as {{name}}. */
export function kickoffVariables(context: KickoffContext): Record<string, string> {
  const { phase, role } = context;
  return {
    phaseId: phase.id,
    phaseNumber: String(context.phaseIndex + 1),
    phaseTotal: String(context.phaseTotal),
    planPath: phase.planPath,
    statusFile: phase.status,
    backlogFile: `BACKLOG-${phase.id}.md`,
    reviewFile: `REVIEW-${phase.id}.md`,
    journalFile: `JOURNAL-${phase.id}.md`,
    role,
    // Any role's title is its name in capitals (BUILDER, ADVERSARY, BUILDER-2, LEAD).
    roleTitle: role.toUpperCase(),
  };
}

export const KICKOFF_VARIABLE_NAMES: readonly string[] = Object.keys(
  kickoffVariables({
    phase: { id: 'x', plan: 'x', planPath: 'x', status: 'x', origin: 'x' },
    phaseIndex: 0,
    phaseTotal: 1,
    role: 'builder',
  }),
);

/** The plan dir's own preamble when it has one, else the one shipped with launch. */
export function preamblePath(planDir: string): string {
  const own = join(planDir, 'prompts', PREAMBLE_FILE);
  return existsSync(own) ? own : packagePath('prompts', PREAMBLE_FILE);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Placeholders a template uses that do not exist (a typo would otherwise reach the agent verbatim). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!KICKOFF_VARIABLE_NAMES.includes(name)) unknown.add(name);
  }
  return [...unknown];
}

export function renderTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => variables[name] ?? whole);
}

export function checkPreamble(planDir: string, template?: string): string[] {
  const file = template ?? preamblePath(planDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    return [`${file}: cannot read the kickoff preamble: ${(cause as Error).message}`];
  }
  return unknownPlaceholders(text).map(
    (name) =>
      `${file}: unknown placeholder {{${name}}} (known: ${KICKOFF_VARIABLE_NAMES.join(', ')})`,
  );
}

/** A role's own template files (teams): its prompt, and its preamble (null: the shared one). */
export interface KickoffFiles {
  readonly prompt: string;
  readonly preamble: string | null;
}

export function buildKickoff(
  planDir: string,
  context: KickoffContext,
  files?: KickoffFiles,
): Result<string, string> {
  const preambleFile = files?.preamble ?? preamblePath(planDir);
  const roleFile = files?.prompt ?? promptPath(planDir, context.role);
  try {
    const preamble = readFileSync(preambleFile, 'utf8');
    const rolePrompt = readFileSync(roleFile, 'utf8');
    return ok(`${renderTemplate(preamble, kickoffVariables(context)).trimEnd()}\n${rolePrompt}`);
  } catch (cause) {
    return err(`cannot build the ${context.role} kickoff: ${(cause as Error).message}`);
  }
}
