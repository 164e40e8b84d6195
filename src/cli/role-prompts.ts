// The prompts of the roles an existing launch.config.json names, for `launch init --force`: the
// advice "missing engineer-2 prompt; run `launch init --force`" must write that prompt, not only the
// three shipped ones. A role a team shape knows gets that shape's prompt; any other role a generic one.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { readConfigFileLayer } from '../config/sources.js';
import { packagePath } from '../util/package-root.js';
import { ENGINEER_PROMPT, TEAM_TEMPLATES } from './team-shapes.js';

/** Shipped in prompts/: `launch init` copies these already. */
const SHIPPED = new Set(['builder', 'adversary', 'orchestrator']);

export interface RolePrompt {
  /** Path inside the plan dir. */
  readonly path: string;
  readonly text: () => string;
}

function shapePrompt(file: string): string | null {
  for (const template of Object.values(TEAM_TEMPLATES)) {
    const text = template.prompts[file];
    if (text !== undefined) return text;
  }
  return null;
}

/**
 * One prompt for each configured role whose prompt file lies inside `root` and is not a shipped
 * one. A config that is missing or does not load gives none: init then fills only the templates
 * (`launch phases validate` names the config's problem).
 */
export function configuredRolePrompts(root: string): RolePrompt[] {
  const layer = readConfigFileLayer(root);
  if (!layer.ok) return [];
  const roles = layer.value.values.roles ?? null;
  if (roles === null) return [];
  const prompts: RolePrompt[] = [];
  for (const role of roles) {
    const path = relative(root, resolve(root, role.prompt ?? `prompts/${role.name}.md`));
    // A prompt kept outside the plan dir is the user's own business: init writes only inside it.
    if (path.startsWith('..') || isAbsolute(path)) continue;
    if (role.prompt === undefined && SHIPPED.has(role.name)) continue;
    const file = path.split(/[\\/]/).pop() ?? path;
    prompts.push({
      path,
      text: () =>
        shapePrompt(file) ??
        (role.kind === 'orchestrator'
          ? readFileSync(packagePath('prompts', 'orchestrator.md'), 'utf8')
          : ENGINEER_PROMPT(role.name)),
    });
  }
  return prompts;
}
