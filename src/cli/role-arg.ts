// A role named on the command line (`launch send builder …`): the role, or a one-line usage error
// with "did you mean" for a typo.
import { ROLES, type Role } from '../config/roles.js';
import { CliError, EXIT_USAGE } from '../util/errors.js';
import { closestWord } from '../util/suggest.js';

/** Short names people type, as the session names use them. */
const ALIASES: Readonly<Record<string, Role>> = { adv: 'adversary', orch: 'orchestrator' };

export function parseRoleArg(text: string): Role {
  const word = text.trim().toLowerCase();
  const role = (ROLES as readonly string[]).includes(word) ? (word as Role) : ALIASES[word];
  if (role !== undefined) return role;
  const guess = closestWord(word, [...ROLES]);
  throw new CliError(
    `unknown role ${JSON.stringify(text)}${guess ? ` (did you mean ${guess}?)` : ''}; expected one of ${ROLES.join(', ')}`,
    EXIT_USAGE,
  );
}
