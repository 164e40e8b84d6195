// The team shapes `launch init --team <shape>` writes: the roles and routes of launch.config.json and
// a prompt for every role the default prompts do not cover. Each is a working example to edit.
import type { RoleConfig, RouteConfig } from '../config/team-schema.js';

export const TEAM_SHAPES = ['builder-adversary', 'builder-pair', 'lead-engineers'] as const;
export type TeamShape = (typeof TEAM_SHAPES)[number];

export interface TeamTemplate {
  readonly roles: readonly RoleConfig[];
  readonly routes: readonly RouteConfig[];
  /** prompts/<file> → text, for roles without a shipped prompt. */
  readonly prompts: Readonly<Record<string, string>>;
}

/** The prompt of an engineer-like role (also what `launch init --force` writes for a role of any name). */
export const ENGINEER_PROMPT = (name: string): string =>
  `# ${name.toUpperCase()}\n\nYou are ${name}, an engineer on the team. Pull, take the next item the lead assigned to you in ` +
  'BACKLOG for this phase, build it in your own clone, and push a `claim(' +
  name +
  '/<gate>): …` commit when a gate is ready for review. When a `review(' +
  name +
  '): …` arrives, pull and act on it. Write LEAD-INBOX.md (commit + push) when you are blocked.\n';

export const TEAM_TEMPLATES: Readonly<Record<TeamShape, TeamTemplate>> = {
  // Today's pair, with the reviewer on another vendor's client: a second opinion.
  'builder-adversary': {
    roles: [
      { name: 'builder', dir: '../builder', backend: 'claude' },
      { name: 'adversary', dir: '../adversary', backend: 'codex' },
      { name: 'orchestrator', dir: '.', kind: 'orchestrator' },
    ],
    routes: [
      { on: 'claim', notify: ['adversary'] },
      { on: 'review', notify: ['builder'] },
      { inbox: 'ADVERSARY-INBOX.md', notify: 'adversary' },
      { inbox: 'BUILDER-INBOX.md', notify: 'builder' },
    ],
    prompts: {},
  },
  // Two builders on separate clones, one reviewer; a review goes to the builder its scope names.
  'builder-pair': {
    roles: [
      { name: 'builder', dir: '../builder' },
      { name: 'builder-2', dir: '../builder-2' },
      { name: 'adversary', dir: '../adversary' },
    ],
    routes: [
      { on: 'claim', notify: ['adversary'] },
      { on: 'review', notify: ['builder', 'builder-2'] },
      { inbox: 'ADVERSARY-INBOX.md', notify: 'adversary' },
      { inbox: 'BUILDER-INBOX.md', notify: ['builder', 'builder-2'] },
    ],
    prompts: { 'builder-2.md': ENGINEER_PROMPT('builder-2') },
  },
  // After the AEOS runtime loop: a lead who delegates and supervises (woken on a schedule), engineers
  // with heartbeats (reported stale after 6 minutes without a sign of life), one reviewer.
  'lead-engineers': {
    roles: [
      // Its own clone: it pushes the assign(...) commits, and the phase status file and the handoff
      // git are read in the first role's clone (the plan dir is no clone: every fetch would fail).
      { name: 'lead', dir: '../lead', kind: 'orchestrator' },
      { name: 'engineer-1', dir: '../engineer-1', staleAfter: 360 },
      { name: 'engineer-2', dir: '../engineer-2', staleAfter: 360 },
      { name: 'reviewer', dir: '../reviewer', staleAfter: 360 },
    ],
    routes: [
      { on: 'claim', notify: ['reviewer'] },
      { on: 'review', notify: ['engineer-1', 'engineer-2'] },
      { on: 'assign', notify: ['engineer-1', 'engineer-2'] },
      { inbox: 'LEAD-INBOX.md', notify: 'lead' },
    ],
    prompts: {
      'lead.md':
        '# LEAD\n\nYou lead the team. Split the phase plan into items in BACKLOG for this phase, assign each to ' +
        'engineer-1 or engineer-2 with an `assign(<engineer>): …` commit, watch their progress and the reviewer, ' +
        'and reassign work an engineer has left stale. Read LEAD-INBOX.md when it changes. When the reviewer ' +
        'has PASSed every Definition-of-Done item, write the `## DONE` line to the phase status file in your ' +
        'clone, commit and push.\n',
      'engineer-1.md': ENGINEER_PROMPT('engineer-1'),
      'engineer-2.md': ENGINEER_PROMPT('engineer-2'),
      'reviewer.md':
        '# REVIEWER\n\nWhen a `claim(<engineer>/<gate>): …` arrives, pull and verify the gate against the ' +
        'Definition of Done, then push `review(<engineer>): PASS …` or `review(<engineer>): FAIL …` with your findings in REVIEW.\n',
    },
  },
};
