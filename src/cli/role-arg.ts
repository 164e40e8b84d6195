// A role named on the command line (`launch send builder …`): the role, or a one-line usage error
// with "did you mean" for a typo.
import { ROLES, type Role } from '../config/roles.js';
import { CliError, EXIT_USAGE } from '../util/errors.js';
import { closestWord } from '../util/suggest.js';

/** Short names people type, as the session names use them. */
const ALIASES: Readonly<Record<string, Role>> = { adv: 'adversary', orch: 'orchestrator' };

/** `team`: the run's role names (a configured team); default: the three default roles. */
export function parseRoleArg(text: string, team: readonly Role[] = ROLES): Role {
  const word = text.trim();
  if (team.includes(word)) return word;
  const lower = word.toLowerCase();
  const role = team.includes(lower) ? lower : ALIASES[lower];
  if (role !== undefined && team.includes(role)) return role;
  const guess = closestWord(lower, [...team]);
  throw new CliError(
    `unknown role ${JSON.stringify(text)}${guess ? ` (did you mean ${guess}?)` : ''}; expected one of ${team.join(', ')}`,
    EXIT_USAGE,
  );
}
