// The role a printed hint names (`launch logs <role> -f`, `launch attach <role>`): the team's first
// running agent — "builder" by default, "engineer-1" in a lead-engineers team — never a role the
// team does not have.
import type { Role } from '../config/roles.js';
import { roleSpec, type TeamSettings } from '../config/team.js';
import { activeRoles } from '../phases/validate.js';

export function hintRole(settings: TeamSettings): Role {
  const active = activeRoles(settings);
  return active.find((role) => roleSpec(settings, role).kind === 'agent') ?? active[0] ?? 'builder';
}
