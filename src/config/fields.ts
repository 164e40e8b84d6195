// The table of every run setting: its config-file key, environment name, schema, default and the
// sentence used when a value is wrong. The settings schema, env parsing, error messages, the JSON
// Schema for launch.config.json and the README's table all come from this one place.
import { z } from 'zod';
import {
  asArgv,
  asBoolean,
  asCommaList,
  asJson,
  asNumber,
  asOptionalString,
  countFromZero,
  field,
  flagsField,
  nonEmpty,
  pathText,
  safeName,
  secondsField,
  trimmed,
  wholeCount,
  zoneName,
} from './field-spec.js';
import { NOTIFY_KINDS } from '../notify/kinds.js';
import { hostsSchema, parseHostsEnv } from '../hosts/host-spec.js';
import { ACCOUNT_KEY_EXPECTS, ACCOUNT_KEY_PATTERN } from '../fleet/account-identity.js';
import { BACKEND_NAMES, rolesSchema, routesSchema } from './team-schema.js';
import { NEEDS_INPUT_EXPECTS, needsInputPolicySchema } from './needs-input-policy.js';

export const BACKENDS = BACKEND_NAMES;
export type Backend = (typeof BACKENDS)[number];

export const FIELDS = {
  backend: field({
    env: 'LOOP_BACKEND',
    schema: z.enum(BACKENDS),
    expects: `one of ${BACKENDS.join(', ')}`,
    description: 'Agent CLI that runs in the sessions.',
    parseEnv: trimmed,
    default: 'claude',
  }),
  loopModel: field({
    env: 'LOOP_MODEL',
    schema: z.string(),
    expects: 'a model name',
    description: 'Model flag for every role ("" = the CLI default).',
    parseEnv: trimmed,
    default: '',
  }),
  advModel: field({
    env: 'ADV_MODEL',
    schema: z.string(),
    expects: 'a model name',
    description: 'Model for the Adversary only; falls back to loopModel when empty.',
    parseEnv: trimmed,
    default: '',
  }),
  resumePhase: field({
    env: 'RESUME_PHASE',
    schema: z.boolean(),
    expects: '1 or 0 (true or false)',
    description: '`launch start` keeps the current phase instead of resetting to phase 1.',
    parseEnv: asBoolean,
    default: false,
  }),
  claudeBin: field({
    env: 'CLAUDE_BIN',
    schema: nonEmpty(),
    expects: 'a command name or path',
    description: 'Claude Code executable.',
    parseEnv: trimmed,
    default: 'claude',
  }),
  claudeFlags: flagsField(
    'CLAUDE_FLAGS',
    'Extra flags for Claude Code (env: split like a shell would, without running one). ' +
      'Unset: --dangerously-skip-permissions, except for root.',
  ),
  opencodeBin: field({
    env: 'OPENCODE_BIN',
    schema: nonEmpty(),
    expects: 'a command name or path',
    description: 'opencode executable.',
    parseEnv: trimmed,
    default: 'opencode',
  }),
  opencodeServer: field({
    env: 'OPENCODE_SERVER',
    schema: z.url(),
    expects: 'a URL such as http://127.0.0.1:4096',
    description: 'opencode server the TUIs attach to.',
    parseEnv: trimmed,
    default: 'http://127.0.0.1:4096',
  }),
  codexBin: field({
    env: 'CODEX_BIN',
    schema: nonEmpty(),
    expects: 'a command name or path',
    description: 'Codex CLI executable.',
    parseEnv: trimmed,
    default: 'codex',
  }),
  geminiBin: field({
    env: 'GEMINI_BIN',
    schema: nonEmpty(),
    expects: 'a command name or path',
    description: 'Gemini CLI executable.',
    parseEnv: trimmed,
    default: 'gemini',
  }),
  codexFlags: flagsField(
    'CODEX_FLAGS',
    'Extra flags for Codex. Unset: --dangerously-bypass-approvals-and-sandbox.',
  ),
  geminiFlags: flagsField('GEMINI_FLAGS', 'Extra flags for Gemini CLI. Unset: --yolo.'),
  simScript: field({
    env: 'SIM_SCRIPT',
    schema: pathText().nullable(),
    expects: 'a file path without control characters',
    description:
      'JSON script for the sim backend ({ "builder": …, "adversary": …, "orchestrator": … }). Unset: the bundled demo script.',
    parseEnv: asOptionalString,
    default: null,
    isPath: true,
  }),
  planDir: field({
    env: 'PLAN_DIR',
    schema: pathText(),
    expects: 'a directory path without control characters',
    description:
      'Plan directory (phases/, prompts/, launch.config.json). Default: the current directory.',
    parseEnv: (raw) => raw,
    isPath: true,
  }),
  builderDir: field({
    env: 'BUILDER_DIR',
    schema: pathText(),
    expects: 'a directory path without control characters',
    description:
      "The Builder's git clone (its session's working directory). Default: the plan dir.",
    parseEnv: (raw) => raw,
    isPath: true,
  }),
  advDir: field({
    env: 'ADV_DIR',
    schema: pathText(),
    expects: 'a directory path without control characters',
    description: "The Adversary's git clone. Default: the Builder's dir.",
    parseEnv: (raw) => raw,
    isPath: true,
  }),
  logDir: field({
    env: 'LOG_DIR',
    schema: pathText(),
    expects: 'a directory path without control characters',
    description: 'State, logs and the event ledger. Default: <plan dir>/.launch.',
    parseEnv: (raw) => raw,
    isPath: true,
  }),
  phasesSpec: field({
    env: 'PHASES_SPEC',
    schema: z.string().nullable(),
    expects: 'entries "id|plan|status" separated by ";"',
    description:
      'Overrides phases/phases.json (compatibility). Plan paths are relative to the plan dir.',
    parseEnv: asOptionalString,
    default: null,
  }),
  watchInterval: secondsField(
    'WATCH_INTERVAL',
    300,
    'Seconds between heavy ticks (phase DONE check, session healing).',
  ),
  signalInterval: secondsField(
    'SIGNAL_INTERVAL',
    30,
    'Seconds between signal ticks (handoffs, stalls, limits, wakes).',
  ),
  watchEvents: field({
    env: 'WATCH_EVENTS',
    schema: z.boolean(),
    expects: '1 or 0 (true or false)',
    description:
      "Tick as soon as the status file, an INBOX file, an agent clone's git refs or phases.json change (0: poll every SIGNAL_INTERVAL only).",
    parseEnv: asBoolean,
    default: true,
  }),
  watchDebounce: secondsField(
    'WATCH_DEBOUNCE',
    0.2,
    'Seconds a burst of file changes is gathered into one tick.',
  ),
  orchWakeInterval: secondsField(
    'ORCH_WAKE_INTERVAL',
    3600,
    'Seconds between scheduled supervision wakes of the Orchestrator.',
  ),
  orchWakePrompt: field({
    env: 'ORCH_WAKE_PROMPT',
    schema: pathText(),
    expects: 'a file path without control characters',
    description:
      "The Orchestrator's scheduled supervision prompt. Default: <plan dir>/prompts/wake.md.",
    parseEnv: (raw) => raw,
    isPath: true,
  }),
  orchSession: field({
    env: 'ORCH_SESSION',
    schema: safeName().nullable(),
    expects: 'a tmux session name (letters, digits, "_" and "-")',
    description: "The Orchestrator's tmux session name. Default: <prefix>-orchestrator.",
    parseEnv: asOptionalString,
    default: null,
  }),
  watchOrchestrator: field({
    env: 'WATCH_ORCHESTRATOR',
    schema: z.boolean(),
    expects: '1 or 0 (true or false)',
    description: 'Start and watch an Orchestrator session when prompts/orchestrator.md exists.',
    parseEnv: asBoolean,
    default: true,
  }),
  stallIdle: secondsField(
    'STALL_IDLE',
    300,
    'Idle seconds without a WAITING-UNTIL marker before a session is rebooted.',
  ),
  stallGrace: secondsField(
    'STALL_GRACE',
    180,
    'Seconds past a declared WAITING-UNTIL time before a session is rebooted.',
  ),
  limitProbeFallback: secondsField(
    'LIMIT_PROBE_FALLBACK',
    300,
    'Probe cadence in seconds inside a usage-limit window whose reset time did not parse.',
  ),
  limitResetSlack: secondsField(
    'LIMIT_RESET_SLACK',
    45,
    'Seconds after a parsed reset time before the resume probe is sent.',
  ),
  account: field({
    env: 'LAUNCH_ACCOUNT',
    schema: z.string().regex(ACCOUNT_KEY_PATTERN).nullable(),
    expects: ACCOUNT_KEY_EXPECTS,
    description:
      "The account the sessions spend, as a key (e.g. `work`). Sessions with the same backend and account share one usage-limit window across every run on the machine. Unset: the client's account folder (Claude Code CLAUDE_CONFIG_DIR or ~/.claude, Codex CODEX_HOME or ~/.codex, Gemini CLI ~/.gemini, opencode its data dir); a sim session is an account of its own.",
    parseEnv: asOptionalString,
    default: null,
  }),
  accountResumeGap: secondsField(
    'ACCOUNT_RESUME_GAP',
    20,
    "Seconds between the sessions of one account resuming after its shared limit window lifts (one at a time, so they don't hit the limit again at once).",
  ),
  opencodeStallIdle: secondsField(
    'OPENCODE_STALL_IDLE',
    900,
    'Idle seconds before an opencode session is rebooted.',
  ),
  opencodeLogGrace: secondsField(
    'OPENCODE_LOG_GRACE',
    180,
    "Seconds within which a write to an opencode session's log counts as activity.",
  ),
  motionBound: field({
    env: 'MOTION_BOUND',
    schema: wholeCount(),
    expects: 'a positive whole number',
    description:
      'Stall windows a moving screen may hold off a stall with no other sign of work (no working marker, signal or transcript write); then the motion is reported and ignored.',
    parseEnv: asNumber,
    default: 4,
  }),
  unrecognisedAfter: field({
    env: 'UNRECOGNISED_AFTER',
    schema: wholeCount(),
    expects: 'a positive whole number',
    description:
      'Looks in a row at a screen no dialect recognises (after the client start-up) before a session is reported `unrecognised`.',
    parseEnv: asNumber,
    default: 3,
  }),
  resumeOnRestart: field({
    env: 'RESUME_ON_RESTART',
    schema: z.boolean(),
    expects: '1 or 0 (true or false)',
    description:
      "A stall, dead-session or operator restart resumes the session's recorded conversation (Claude --resume, Codex resume, Gemini --resume, opencode --session) and types one line saying why; 0: every restart starts fresh with the kickoff.",
    parseEnv: asBoolean,
    default: true,
  }),
  remoteControl: field({
    env: 'REMOTE_CONTROL',
    schema: z.boolean(),
    expects: '1 or 0 (true or false)',
    description: 'Pass --remote-control <session> to Claude Code.',
    parseEnv: asBoolean,
    default: true,
  }),
  sessionPrefix: field({
    env: 'SESSION_PREFIX',
    schema: safeName(),
    expects: 'letters, digits, "_" and "-"',
    description: 'Session names are <prefix>-builder, -adv, -orchestrator, -watchdog.',
    parseEnv: trimmed,
    default: 'loop',
  }),
  tmuxSocket: field({
    env: 'LAUNCH_TMUX_SOCKET',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .nullable(),
    expects: 'a socket name (letters, digits, ".", "_" and "-")',
    description:
      "Run every tmux command against `tmux -L <name>` (unset: the user's default server).",
    parseEnv: asOptionalString,
    default: null,
  }),
  limitTz: field({
    env: 'LIMIT_TZ',
    schema: zoneName(),
    expects: 'an IANA time zone such as America/New_York',
    description: 'Zone for reset times printed without one. Unset: TZ, else the system zone.',
    parseEnv: asOptionalString,
    default: null,
  }),
  maxRestarts: field({
    env: 'MAX_RESTARTS',
    schema: wholeCount(),
    expects: 'a positive whole number',
    description: 'Restarts of one session within restartWindow before it backs off.',
    parseEnv: asNumber,
    default: 5,
  }),
  restartWindow: secondsField(
    'RESTART_WINDOW',
    600,
    'Seconds over which restarts are counted for crash-loop protection.',
  ),
  restartReset: secondsField(
    'RESTART_RESET',
    600,
    'Seconds a session must run cleanly before its backoff is cleared.',
  ),
  notifyWebhook: field({
    env: 'NOTIFY_WEBHOOK',
    schema: z
      .url({ protocol: /^https?$/ })
      .refine((url) => !/[\u0000-\u001f\u007f]/.test(url))
      .nullable(),
    expects: 'an http:// or https:// URL',
    description:
      'POST a small JSON document here for each notification (timeout NOTIFY_TIMEOUT, NOTIFY_RETRIES retries; never blocks a tick).',
    parseEnv: asOptionalString,
    default: null,
  }),
  notifyCommand: field({
    env: 'NOTIFY_COMMAND',
    schema: z.array(z.string()).min(1).nullable(),
    expects: 'a command and its arguments without shell operators (; | & $( ) # < >)',
    expectsInFile: 'a list of strings, e.g. ["notify-send", "launch"]',
    description:
      'Run this command (an argv, no shell) for each notification, with the JSON document on stdin.',
    parseEnv: asArgv,
    default: null,
  }),
  notifyOn: field({
    env: 'NOTIFY_ON',
    schema: z.array(z.enum([...NOTIFY_KINDS, 'all'])).min(1),
    expects: `a comma list of ${NOTIFY_KINDS.join(', ')} (or all)`,
    expectsInFile: `a list of ${NOTIFY_KINDS.join(', ')} (or ["all"])`,
    description: 'Which notifications are sent: a comma list of kinds (see Notifications), or all.',
    parseEnv: asCommaList,
    default: ['all'],
  }),
  notifyTimeout: secondsField(
    'NOTIFY_TIMEOUT',
    10,
    'Seconds one webhook request or notify command may take before it is abandoned.',
  ),
  notifyRetries: field({
    env: 'NOTIFY_RETRIES',
    schema: countFromZero(),
    expects: 'a whole number (0 or more)',
    description: 'Retries of a failed notification (after 1s, 2s, 4s, … capped at 30s).',
    parseEnv: asNumber,
    default: 2,
  }),
  logMaxMb: field({
    env: 'LOG_MAX_MB',
    schema: z.number().finite().positive(),
    expects: 'a positive number of megabytes',
    description:
      'events.jsonl, watchdog.log and each session log rotate once past this size (MB, fractions allowed).',
    parseEnv: asNumber,
    default: 50,
  }),
  logKeep: field({
    env: 'LOG_KEEP',
    schema: wholeCount(),
    expects: 'a positive whole number',
    description: 'Rotated files kept per log (<file>.1 is the newest).',
    parseEnv: asNumber,
    default: 3,
  }),
  needsInput: field({
    env: 'NEEDS_INPUT',
    schema: needsInputPolicySchema,
    expects: `JSON: ${NEEDS_INPUT_EXPECTS}`,
    expectsInFile: NEEDS_INPUT_EXPECTS,
    description:
      'When an agent waits for a person (a permission, trust or selection prompt, a login screen): autoAnswer rules, needsInputDeadline seconds (default 3600), onDeadline (answer | restart | wait; default answer when a default is declared, else restart), default. Authentication prompts are never auto-answered.',
    parseEnv: asJson,
    default: {},
  }),
  httpPort: field({
    env: 'HTTP_PORT',
    schema: z.number().int().min(0).max(65535).nullable(),
    expects: 'a port number from 0 to 65535 (0: any free port)',
    description:
      'The watchdog serves the HTTP API and dashboard on 127.0.0.1 at this port (0: any free port; `launch status --url` shows it). Unset: no HTTP unless `launch watchdog --http`.',
    parseEnv: asNumber,
    default: null,
  }),
  hosts: field({
    env: 'LAUNCH_HOSTS',
    schema: hostsSchema,
    expects: 'a comma list of name=user@box (or a bare user@box / ssh_config Host alias)',
    expectsInFile:
      'a list of { "name", "ssh": "user@box" or a Host alias, "launch"?: path or argv }, names unique, no host empty, starting with "-" or with spaces',
    description:
      'Other machines `launch ls --all-hosts` lists and `host:run` reaches, over OpenSSH (see Several hosts).',
    parseEnv: parseHostsEnv,
    default: [],
  }),
  sshConnectTimeout: secondsField(
    'LAUNCH_SSH_TIMEOUT',
    10,
    'Seconds ssh may take to connect to a host (ConnectTimeout); `ls --all-hosts` gives a host this plus 10s to answer.',
  ),
  sshConfig: field({
    env: 'LAUNCH_SSH_CONFIG',
    schema: pathText().nullable(),
    expects: 'a path to an ssh_config file',
    description: 'ssh reads this config file (`ssh -F`) instead of ~/.ssh/config.',
    parseEnv: asOptionalString,
    default: null,
    isPath: true,
  }),
  roles: field({
    env: 'LAUNCH_ROLES',
    schema: rolesSchema,
    expects: 'a JSON list of roles, each { "name", "dir", … } (see Teams in the README)',
    expectsInFile: 'a list of roles, each { "name", "dir", … } (see Teams in the README)',
    description:
      'The team: each role with name, dir (its clone), and optionally backend, model, flags, prompt, kickoff, session, watched, kind ("agent" | "orchestrator"), staleAfter, stallIdle, account. Unset: builder, adversary and orchestrator from the settings above.',
    parseEnv: asJson,
    default: null,
  }),
  routes: field({
    env: 'LAUNCH_ROUTES',
    schema: routesSchema,
    expects: 'a JSON list of routes, each { "on" | "inbox", "notify", "text"? }',
    expectsInFile: 'a list of routes, each { "on" | "inbox", "notify", "text"? }',
    description:
      'Handoff routes: { "on": "claim", "notify": ["adversary"] } pings on commit subjects starting with a word, { "inbox": "ADVERSARY-INBOX.md", "notify": "adversary" } on an INBOX file. Unset: claim → adversary, review → builder, the two INBOX files.',
    parseEnv: asJson,
    default: null,
  }),
} as const;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

/** Fully resolved settings: every field present, every path absolute. */
export type Settings = { -readonly [K in FieldKey]: z.output<(typeof FIELDS)[K]['schema']> };
