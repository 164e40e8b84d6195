// The team as the pure rules see it: each role's traits (its client's stall threshold and start-up
// time, kind, watched, heartbeat window) and the handoff routes, resolved once from the settings.
import { backendFor } from '../agents/registry.js';
import type { Settings } from '../config/fields.js';
import { routesOf, teamOf } from '../config/team.js';
import { backendStallIdle, type RoleTraits, type TeamFacts } from './role-traits.js';

export function teamFacts(settings: Settings): Required<TeamFacts> {
  const team: RoleTraits[] = teamOf(settings).map((role) => {
    const stallIdle = role.stallIdle ?? backendStallIdle(settings, role.backend);
    return {
      name: role.name,
      backend: role.backend,
      kind: role.kind,
      watched: role.watched,
      staleAfter: role.staleAfter,
      stallIdle,
      // A client that has drawn nothing within its stall window is not merely starting up.
      startupGrace: Math.min(backendFor(role.backend).startupMs / 1000, stallIdle),
    };
  });
  return { team, routes: routesOf(settings) };
}
