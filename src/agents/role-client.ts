// Each role's own client: the settings its backend is started with (its backend, model and flags in
// place of the run-wide ones), its dialect, submit key and input-clearing keys. A team may mix
// clients; nothing here assumes one backend for the run.
import type { Backend, Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { roleSpec } from '../config/team.js';
import type { Dialect } from '../screen/types.js';
import { backendFor } from './registry.js';
import { roleDialect } from './role-dialect.js';

/** The run's settings as this role's client sees them: its backend, model and flags. */
export function roleSettings(settings: Settings, role: Role): Settings {
  const spec = roleSpec(settings, role);
  const flags = spec.flags === null ? {} : { [flagKey(spec.backend)]: [...spec.flags] };
  return {
    ...settings,
    backend: spec.backend,
    // Both: roleModel() picks ADV_MODEL for "adversary", LOOP_MODEL for every other role.
    loopModel: spec.model,
    advModel: spec.model,
    ...flags,
  };
}

function flagKey(backend: Backend): 'claudeFlags' | 'codexFlags' | 'geminiFlags' {
  if (backend === 'codex') return 'codexFlags';
  if (backend === 'gemini') return 'geminiFlags';
  return 'claudeFlags';
}

export const roleBackend = (settings: Settings, role: Role): Backend =>
  roleSpec(settings, role).backend;

export interface RoleClient {
  readonly backend: Backend;
  /** Reads its screen; `dialect.submitKey` is its submit key. */
  readonly dialect: Dialect;
  readonly clearInputKeys: readonly string[];
}

/**
 * The client of `role`. `runDialect` is the dialect a caller was given for the run's own backend
 * (tests pass one); a role on another backend gets its own.
 */
export function roleClient(
  context: { readonly settings: Settings; readonly dialect?: Dialect },
  role: Role,
): RoleClient {
  const backend = roleBackend(context.settings, role);
  return {
    backend,
    dialect: roleDialect(context, role),
    clearInputKeys: backendFor(backend).clearInputKeys,
  };
}
