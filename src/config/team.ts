// The team a run supervises, as data: each role's client, model, clone, prompt, session and how it
// is watched, and the handoff routes between them. Without `roles` / `routes` in the settings, the
// team is today's Builder / Adversary / Orchestrator with today's claim / review / INBOX rules.
import { join } from 'node:path';
import type { Backend, Settings } from './fields.js';
import type { RoleConfig, RoleKind, RouteConfig } from './team-schema.js';

/** A role's name (`builder`, `adversary`, `builder-2`, `lead`, …). */
export type RoleName = string;

export interface RoleSpec {
  readonly name: RoleName;
  /** Upper-case name for the kickoff ({{roleTitle}}). */
  readonly title: string;
  readonly backend: Backend;
  readonly model: string;
  /** Extra client flags; null: the backend's own setting (CLAUDE_FLAGS, …). */
  readonly flags: readonly string[] | null;
  readonly dir: string;
  readonly prompt: string;
  /** Kickoff preamble template; null: the plan dir's prompts/kickoff-preamble.md or the shipped one. */
  readonly kickoff: string | null;
  readonly session: string;
  readonly watched: boolean;
  readonly kind: RoleKind;
  readonly staleAfter: number | null;
  /** Its own stall threshold; null: STALL_IDLE (OPENCODE_STALL_IDLE for opencode). */
  readonly stallIdle: number | null;
  /** The account key its usage limits are shared under; null: its client's account folder. */
  readonly account: string | null;
}

export type Route =
  | {
      readonly kind: 'commit';
      readonly on: string;
      readonly notify: readonly RoleName[];
      readonly text: string | null;
    }
  | {
      readonly kind: 'inbox';
      readonly file: string;
      readonly notify: readonly RoleName[];
      readonly text: string | null;
    };

export type TeamSettings = Pick<
  Settings,
  | 'backend'
  | 'account'
  | 'loopModel'
  | 'advModel'
  | 'planDir'
  | 'builderDir'
  | 'advDir'
  | 'sessionPrefix'
  | 'orchSession'
  | 'watchOrchestrator'
> & { readonly roles?: Settings['roles']; readonly routes?: Settings['routes'] };

export const DEFAULT_ROLE_NAMES = ['builder', 'adversary', 'orchestrator'] as const;

const DEFAULT_SUFFIX: Readonly<Record<string, string>> = {
  builder: 'builder',
  adversary: 'adv',
  orchestrator: 'orchestrator',
};

/** The session a role gets unless it names its own (today's names for the three default roles). */
export function defaultSessionName(
  settings: Pick<Settings, 'sessionPrefix' | 'orchSession'>,
  name: RoleName,
): string {
  if (name === 'orchestrator' && settings.orchSession) return settings.orchSession;
  return `${settings.sessionPrefix}-${DEFAULT_SUFFIX[name] ?? name}`;
}

const defaultPrompt = (planDir: string, name: RoleName): string =>
  join(planDir, 'prompts', `${name}.md`);

function defaultDir(settings: TeamSettings, name: RoleName): string {
  if (name === 'builder') return settings.builderDir;
  if (name === 'adversary') return settings.advDir;
  return settings.planDir;
}

function defaultModel(settings: TeamSettings, name: RoleName): string {
  return name === 'adversary' && settings.advModel !== '' ? settings.advModel : settings.loopModel;
}

function fromConfig(settings: TeamSettings, role: RoleConfig): RoleSpec {
  return {
    name: role.name,
    title: role.name.toUpperCase(),
    backend: role.backend ?? settings.backend,
    model: role.model ?? defaultModel(settings, role.name),
    flags: role.flags ?? null,
    dir: role.dir,
    prompt: role.prompt ?? defaultPrompt(settings.planDir, role.name),
    kickoff: role.kickoff ?? null,
    session: role.session ?? defaultSessionName(settings, role.name),
    watched: role.watched ?? true,
    kind: role.kind ?? 'agent',
    staleAfter: role.staleAfter ?? null,
    stallIdle: role.stallIdle ?? null,
    account: role.account ?? settings.account,
  };
}

/** Every role of the team, in the configured order (all of them, running or not). */
export function teamOf(settings: TeamSettings): RoleSpec[] {
  const configured = settings.roles ?? null;
  if (configured !== null) return configured.map((role) => fromConfig(settings, role));
  return DEFAULT_ROLE_NAMES.map((name) =>
    fromConfig(settings, {
      name,
      dir: defaultDir(settings, name),
      ...(name === 'orchestrator' ? { kind: 'orchestrator' as const } : {}),
    }),
  );
}

/** The names of every role of the team, in order. */
export const teamNames = (settings: TeamSettings): RoleName[] =>
  teamOf(settings).map((role) => role.name);

/** One role's spec; a name outside the team gets the default shape (compatibility callers). */
export function roleSpec(settings: TeamSettings, name: RoleName): RoleSpec {
  return (
    teamOf(settings).find((role) => role.name === name) ??
    fromConfig(settings, {
      name,
      dir: defaultDir(settings, name),
      ...(name === 'orchestrator' ? { kind: 'orchestrator' as const } : {}),
    })
  );
}

/** Today's rules (SPEC "Behaviour" 6): claim → adversary, review → builder, the two INBOX files. */
export const DEFAULT_ROUTES: readonly Route[] = [
  { kind: 'commit', on: 'claim', notify: ['adversary'], text: null },
  { kind: 'commit', on: 'review', notify: ['builder'], text: null },
  { kind: 'inbox', file: 'ADVERSARY-INBOX.md', notify: ['adversary'], text: null },
  { kind: 'inbox', file: 'BUILDER-INBOX.md', notify: ['builder'], text: null },
];

const asList = (notify: string | readonly string[]): readonly string[] =>
  typeof notify === 'string' ? [notify] : notify;

export function routeFromConfig(route: RouteConfig): Route {
  return 'on' in route
    ? { kind: 'commit', on: route.on, notify: asList(route.notify), text: route.text ?? null }
    : { kind: 'inbox', file: route.inbox, notify: asList(route.notify), text: route.text ?? null };
}

export function routesOf(settings: Pick<TeamSettings, 'routes'>): readonly Route[] {
  const configured = settings.routes ?? null;
  return configured === null ? DEFAULT_ROUTES : configured.map(routeFromConfig);
}

/** The INBOX files the routes watch, in order, without repeats. */
export function inboxFiles(routes: readonly Route[]): string[] {
  return [...new Set(routes.flatMap((route) => (route.kind === 'inbox' ? [route.file] : [])))];
}

/** A problem with the team as a whole, at a path inside `roles` or `routes`. */
export interface TeamProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * What no single role or route can be checked for alone: two roles with one name or one session
 * (or the watchdog's), a route to a role that does not exist, more than one orchestrator.
 */
export function teamProblems(settings: TeamSettings): TeamProblem[] {
  const problems: TeamProblem[] = [];
  const team = teamOf(settings);
  const configured = (settings.roles ?? null) !== null;
  const names = new Map<string, number>();
  const sessions = new Map<string, number>();
  const watchdog = `${settings.sessionPrefix}-watchdog`;
  team.forEach((role, index) => {
    const at = (key: string): (string | number)[] => (configured ? ['roles', index, key] : []);
    const sameName = names.get(role.name);
    if (sameName !== undefined)
      problems.push({
        path: at('name'),
        message: `role "${role.name}" is defined twice (roles[${sameName}] and roles[${index}])`,
      });
    else names.set(role.name, index);
    // A repeated name already says it; its default session repeats with it.
    if (sameName !== undefined) return;
    const sameSession = sessions.get(role.session);
    if (sameSession !== undefined)
      problems.push({
        path: at(configured && settings.roles?.[index]?.session !== undefined ? 'session' : 'name'),
        message: `roles "${team[sameSession]?.name ?? ''}" and "${role.name}" share the session name "${role.session}"; give one a "session" of its own`,
      });
    else sessions.set(role.session, index);
    if (role.session === watchdog)
      problems.push({
        path: at('session'),
        message: `session "${role.session}" is the watchdog's own session name`,
      });
  });
  if (configured) {
    const orchestrators = team.filter((role) => role.kind === 'orchestrator');
    if (orchestrators.length > 1) {
      const second = team.indexOf(orchestrators[1] as RoleSpec);
      problems.push({
        path: ['roles', second, 'kind'],
        message: `only one role may be "kind": "orchestrator" (one wake schedule); "${orchestrators[0]?.name ?? ''}" already is`,
      });
    }
  }
  const routes = settings.routes ?? null;
  if (routes !== null) {
    const known = team.map((role) => role.name);
    routes.forEach((route, index) => {
      const targets = asList(route.notify);
      targets.forEach((target, position) => {
        if (known.includes(target)) return;
        problems.push({
          path:
            typeof route.notify === 'string'
              ? ['routes', index, 'notify']
              : ['routes', index, 'notify', position],
          message: `route to role "${target}", which the team does not have (roles: ${known.join(', ')})`,
        });
      });
    });
  }
  return problems;
}

/** The run's clients in one line: "backend claude", or "backends builder claude, adversary codex". */
export function teamBackends(settings: TeamSettings): string {
  const team = teamOf(settings);
  const backends = new Set(team.map((role) => role.backend));
  if (backends.size <= 1) return `backend ${team[0]?.backend ?? settings.backend}`;
  return `backends ${team.map((role) => `${role.name} ${role.backend}`).join(', ')}`;
}
