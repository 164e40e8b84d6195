// How launch wires a client's own signals when it starts a session, with no set-up by the user:
// the hook / notify configuration each client takes, every entry running `<node> <launch bin>
// signal <source>`. The two paths are absolute and shell-quoted (Claude Code and Gemini CLI run hook
// commands through a shell); the log dir and session travel in the environment, so the command
// holds nothing a user controls.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { quote } from 'shell-quote';
import type { Settings } from '../config/fields.js';
import type { SignalSource } from '../evidence/types.js';
import { packagePath } from '../util/package-root.js';

export const LAUNCH_BIN = packagePath('bin', 'launch');

/** argv of the signal command for a source. */
export const signalArgv = (source: SignalSource): string[] => [
  process.execPath,
  LAUNCH_BIN,
  'signal',
  source,
];

/** The same as one shell command line (for clients that run hooks through a shell). */
export const signalCommandLine = (source: SignalSource): string => quote(signalArgv(source));

/**
 * Claude Code 2.1.197 hook events launch listens to. All exist since mid-2025 releases; newer ones
 * (StopFailure, PostToolUseFailure) are left out: an older Claude rejects a settings file naming an
 * event it does not know (its hooks record is keyed by an enum).
 */
export const CLAUDE_HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'Stop',
  'Notification',
  'SessionEnd',
] as const;

/** Seconds a hook may run; it takes milliseconds, this only bounds a wedged disk. */
const HOOK_TIMEOUT_SECONDS = 10;

/**
 * The `--settings <file>` content for Claude Code (and the sim acting it out). `--settings` adds a
 * "flagSettings" layer on top of the user's and the project's settings (the bundle's setting
 * sources: userSettings, projectSettings, localSettings, flagSettings, policySettings); hooks of all
 * layers run, and nothing else is set here, so the user's permissions and hooks stay as they are.
 * `async: true` (a 2.1.x hook option: "runs in background without blocking") keeps the agent from
 * waiting on launch; an older Claude ignores the key and runs it in line, which is fast anyway.
 */
export function claudeHookSettings(source: 'claude' | 'sim'): Record<string, unknown> {
  const command = signalCommandLine(source);
  const hooks: Record<string, unknown> = {};
  for (const event of CLAUDE_HOOK_EVENTS)
    hooks[event] = [
      { hooks: [{ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS, async: true }] },
    ];
  return { hooks };
}

export const claudeSettingsFile = (logDir: string, session: string): string =>
  join(logDir, `.claude-settings-${session}.json`);

/** CLAUDE_FLAGS that already pass --settings keep theirs (a second one would replace it). */
export const passesSettings = (flags: readonly string[]): boolean =>
  flags.some((flag) => flag === '--settings' || flag.startsWith('--settings='));

/**
 * Codex 0.171.0: `-c notify=[...]` (the value is TOML; a JSON array of strings is a valid TOML
 * inline array). Codex runs the program with the payload appended as the last argument.
 */
export function codexNotifyArgs(): string[] {
  return ['-c', `notify=${JSON.stringify(signalArgv('codex'))}`];
}

/** CODEX_FLAGS that already set notify (`-c notify=…`, `--config notify=…`) keep theirs. */
export function setsNotify(flags: readonly string[]): boolean {
  return flags.some((flag, index) => {
    let value: string | undefined;
    if (flag === '-c' || flag === '--config') value = flags[index + 1];
    else if (flag.startsWith('--config=')) value = flag.slice('--config='.length);
    else if (flag.startsWith('-c')) value = flag.slice(2);
    return value !== undefined && /^\s*notify\s*=/.test(value);
  });
}

/** Gemini CLI 0.61.0 hook events (`HookEventName` in its bundle) launch listens to. */
export const GEMINI_HOOK_EVENTS = [
  'SessionStart',
  'BeforeAgent',
  'BeforeTool',
  'AfterTool',
  'AfterAgent',
  'Notification',
  'SessionEnd',
] as const;

/** Gemini's system defaults file when GEMINI_CLI_SYSTEM_DEFAULTS_PATH is unset (Linux). */
const GEMINI_DEFAULTS_DEFAULT = '/etc/gemini-cli/system-defaults.json';

export const geminiDefaultsFile = (logDir: string, session: string): string =>
  join(logDir, `.gemini-defaults-${session}.json`);

/**
 * Gemini CLI reads hooks from every settings scope and concatenates them (mergeStrategy "concat");
 * launch points GEMINI_CLI_SYSTEM_DEFAULTS_PATH (the lowest scope) at a file of its own that holds
 * the system defaults the user had (if any) plus launch's hooks. Gemini runs hooks only in a trusted
 * folder (folder trust is on by default in 0.61.0), with the hook's `env` added to its environment.
 */
export function geminiSystemDefaults(
  env: Readonly<Record<string, string | undefined>>,
  hookEnv: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const existingPath = env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH?.trim() || GEMINI_DEFAULTS_DEFAULT;
  let base: Record<string, unknown> = {};
  try {
    if (existsSync(existingPath)) {
      const parsed: unknown = JSON.parse(readFileSync(existingPath, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        base = parsed as Record<string, unknown>;
    }
  } catch {
    // An unreadable defaults file is Gemini's to report; launch's hooks still go in.
  }
  const command = signalCommandLine('gemini');
  const existingHooks =
    typeof base.hooks === 'object' && base.hooks !== null && !Array.isArray(base.hooks)
      ? (base.hooks as Record<string, unknown>)
      : {};
  const hooks: Record<string, unknown> = { ...existingHooks };
  for (const event of GEMINI_HOOK_EVENTS) {
    const mine = {
      hooks: [
        {
          type: 'command',
          name: 'launch-signal',
          command,
          env: hookEnv,
          timeout: HOOK_TIMEOUT_SECONDS * 1000,
        },
      ],
    };
    const theirs = existingHooks[event];
    hooks[event] = Array.isArray(theirs) ? [...(theirs as unknown[]), mine] : [mine];
  }
  return { ...base, hooks };
}

/**
 * Gemini CLI 0.61.0 reads a system settings or defaults file only when it and every directory above
 * it are owned by root and writable by nobody else (checkPosixStatsSecurity in its bundle: "is not
 * owned by root (uid 0)", "is writable by group or others"); otherwise it skips the file with a
 * "Security Warning" on screen. So launch wires Gemini's hooks only where that holds (running as
 * root, the log dir in root-owned, non-shared directories); elsewhere Gemini gives no signals (it
 * would take writing into your ~/.gemini or your clone's .gemini, which launch does not do).
 */
export function geminiDefaultsAccepted(
  logDir: string,
  uid: number | null = typeof process.getuid === 'function' ? process.getuid() : null,
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  if (uid !== 0)
    return {
      ok: false,
      reason: 'Gemini CLI takes hooks from a launch-written file only when run as root',
    };
  let dir = resolve(logDir);
  for (;;) {
    try {
      const stats = statSync(dir);
      if (stats.uid !== 0 || (stats.mode & 0o022) !== 0)
        return {
          ok: false,
          reason: `Gemini CLI ignores settings under ${dir} (not root-owned, or writable by others)`,
        };
    } catch {
      return { ok: false, reason: `${dir} does not exist yet` };
    }
    const parent = dirname(dir);
    if (parent === dir) return { ok: true };
    dir = parent;
  }
}

/**
 * Whether launch wires the backend's own signals for these settings, and if not why: the fact the
 * watchdog shows instead of signals ("no signals from this client: …").
 */
export function signalWiring(
  settings: Pick<Settings, 'backend' | 'logDir' | 'claudeFlags' | 'codexFlags'>,
): { readonly wired: true } | { readonly wired: false; readonly reason: string } {
  switch (settings.backend) {
    case 'claude':
      return settings.claudeFlags !== null && passesSettings(settings.claudeFlags)
        ? { wired: false, reason: 'CLAUDE_FLAGS pass their own --settings' }
        : { wired: true };
    case 'codex':
      return settings.codexFlags !== null && setsNotify(settings.codexFlags)
        ? { wired: false, reason: 'CODEX_FLAGS set their own notify program' }
        : { wired: true };
    case 'gemini': {
      const accepted = geminiDefaultsAccepted(settings.logDir);
      return accepted.ok ? { wired: true } : { wired: false, reason: accepted.reason };
    }
    case 'opencode':
      // Wired by the watchdog's event-stream observer (opencode-events.ts), not at start.
      return { wired: true };
    case 'sim':
      return { wired: true };
  }
}

/** The environment a hook needs to find the signals file (also set on the session itself). */
export const hookEnvironment = (
  settings: Pick<Settings, 'logDir'>,
  session: string,
): Record<string, string> => ({ LAUNCH_LOG_DIR: settings.logDir, LAUNCH_SESSION: session });
