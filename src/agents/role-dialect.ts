// Which dialect reads a role's screen: its own client's (a team may mix clients), or the one a
// caller was given for the run's backend. Apart from role-client.ts so that what only reads screens
// (`launch status`) does not load every backend's start-up code with it.
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { roleSpec } from '../config/team.js';
import { dialectFor } from '../screen/dialects.js';
import type { Dialect } from '../screen/types.js';

/** `runDialect` (tests pass one) reads the roles on the run's own backend; others get their own. */
export function roleDialect(
  context: { readonly settings: Settings; readonly dialect?: Dialect },
  role: Role,
): Dialect {
  const backend = roleSpec(context.settings, role).backend;
  return backend === context.settings.backend && context.dialect !== undefined
    ? context.dialect
    : dialectFor(backend);
}
