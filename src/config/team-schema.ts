// The shape of a team in launch.config.json: `roles` (who runs, on which client, in which clone) and
// `routes` (which commit subjects and INBOX files ping whom). Checked here; resolved in team.ts.
import { z } from 'zod';
import { pathText, safeName, seconds } from './field-spec.js';
import { ACCOUNT_KEY_EXPECTS, ACCOUNT_KEY_PATTERN } from '../fleet/account-identity.js';

export const BACKEND_NAMES = ['claude', 'opencode', 'codex', 'gemini', 'sim'] as const;
export const ROLE_KINDS = ['agent', 'orchestrator'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

/** A role or session name: it becomes a tmux session name and a file name. */
const roleName = () =>
  safeName().refine((name) => name !== 'watchdog', {
    error: '"watchdog" is the name of launch\'s own session',
  });

/**
 * One role. Built on first use (z.lazy), like the routes below: a run without a team (the default
 * one) never needs them, and every command that reads the run settings would pay for them.
 */
const roleConfigSchema = z.lazy(() =>
  z.strictObject({
    /** The role's name: `launch logs <name>`, `status`, routes and LAUNCH_ROLE use it. */
    name: roleName(),
    /** Agent CLI for this role (default: LOOP_BACKEND). */
    backend: z.enum(BACKEND_NAMES).optional(),
    /** Model for this role ("" = the CLI default; default: LOOP_MODEL, ADV_MODEL for "adversary"). */
    model: z.string().optional(),
    /** Extra flags for this role's client (default: CLAUDE_FLAGS / CODEX_FLAGS / GEMINI_FLAGS). */
    flags: z.array(z.string()).optional(),
    /** The role's working directory, its own git clone (relative: to the plan dir). */
    dir: pathText(),
    /** Its standing prompt (default: prompts/<name>.md). */
    prompt: pathText().optional(),
    /** Its kickoff preamble template (default: prompts/kickoff-preamble.md, else the shipped one). */
    kickoff: pathText().optional(),
    /** Its tmux session name (default: <prefix>-<name>; <prefix>-adv for "adversary"). */
    session: safeName().optional(),
    /** Rebooted when it stalls (default true); false: started and healed, never stall-rebooted. */
    watched: z.boolean().optional(),
    /** "orchestrator": woken every ORCH_WAKE_INTERVAL with the wake prompt, never stall-rebooted. */
    kind: z.enum(ROLE_KINDS).optional(),
    /** Seconds without a signal, screen change or commit before it is reported stale (unset: never). */
    staleAfter: seconds().optional(),
    /** Its own stall threshold in seconds (default: STALL_IDLE, OPENCODE_STALL_IDLE for opencode). */
    stallIdle: seconds().optional(),
    /** The account its limits are shared with (default: the run's `account`, else its client's folder). */
    account: z.string().regex(ACCOUNT_KEY_PATTERN, ACCOUNT_KEY_EXPECTS).optional(),
  }),
);
export type RoleConfig = z.infer<typeof roleConfigSchema>;

/** One role name or a list of them. */
const notifyList = () => z.union([roleName(), z.array(roleName()).min(1)]);

const routeConfigSchema = z.lazy(() =>
  z.union([
    z.strictObject({
      /** Commit subjects on origin/main starting with this word (any case) ping `notify`. */
      on: z.string().regex(/^[A-Za-z0-9_-]+$/),
      notify: notifyList(),
      /** What is typed (default: the built-in text for claim / review, else a generic one). */
      text: z.string().min(1).optional(),
    }),
    z.strictObject({
      /** A file on origin/main (machine-docs/ first) that pings `notify` when new or changed. */
      inbox: z.string().regex(/^[A-Za-z0-9_.-]+$/),
      notify: notifyList(),
      text: z.string().min(1).optional(),
    }),
  ]),
);
export type RouteConfig = z.infer<typeof routeConfigSchema>;

export const rolesSchema = z.array(roleConfigSchema).min(1).nullable();
export const routesSchema = z.array(routeConfigSchema).nullable();

/** A readable sentence for one zod issue inside roles/routes, with its path. */
export function issueSentence(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'unrecognized_keys')
    return `has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  if (issue.code === 'invalid_value')
    return `must be one of ${issue.values.map((value) => String(value)).join(', ')}`;
  if (issue.code === 'invalid_format' || (issue.code === 'custom' && issue.message === ''))
    return 'has characters a session name cannot hold (letters, digits, "_" and "-")';
  if (issue.code === 'invalid_union')
    return 'must be { "on": "<subject prefix>", "notify": [...] } or { "inbox": "<FILE.md>", "notify": [...] }';
  return issue.message.replace(/^Invalid input: /, 'must be ');
}
