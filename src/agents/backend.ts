// What a backend (agent CLI) module provides: how to start it and how its kickoff arrives.
import type { Backend as BackendName, Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';

export interface LaunchContext {
  readonly settings: Settings;
  readonly role: Role;
  /** The tmux session name. */
  readonly session: string;
  readonly workdir: string;
  readonly kickoffText: string;
  readonly kickoffFile: string;
  /**
   * Resume this conversation instead of starting one with the kickoff (issue 14): the client's own
   * resume option, and no kickoff (one line saying why is typed once it is up).
   */
  readonly resumeId?: string | null;
}

export interface LaunchSpec {
  /** argv, executed directly (never through a shell). */
  readonly command: readonly string[];
  /** Extra environment for the session (on top of the LAUNCH_* variables). */
  readonly env: Readonly<Record<string, string>>;
  /** The session's working directory. */
  readonly cwd: string;
  /** Text to type once the UI is ready, for CLIs that cannot take the kickoff as an argument. */
  readonly typedKickoff: string | null;
  /** Files written before the session starts (the hooks settings that wire the client's signals). */
  readonly files?: readonly { readonly path: string; readonly text: string }[];
}

export interface AgentBackend {
  readonly name: BackendName;
  /** The executable preflight must find (a name on PATH or a path). */
  readonly binary: (settings: Settings) => string;
  readonly launch: (context: LaunchContext) => LaunchSpec;
  /** Keys that empty the input line before typing. */
  readonly clearInputKeys: readonly string[];
  /** How long the UI may take to become ready after start (opencode connects to a server first). */
  readonly startupMs: number;
  /** Backend-specific problems preflight reports (e.g. an invalid sim script), one line each. */
  readonly preflight?: (settings: Settings) => string[];
  /** Called by a `launch start` that does not resume, to forget the previous run's leftovers. */
  readonly freshStart?: (settings: Settings) => void;
}

/** Per-role model: the Adversary uses ADV_MODEL when set, every role LOOP_MODEL otherwise. */
export function roleModel(settings: Pick<Settings, 'loopModel' | 'advModel'>, role: Role): string {
  return role === 'adversary' && settings.advModel !== '' ? settings.advModel : settings.loopModel;
}

export const modelFlag = (flag: string, model: string): string[] =>
  model === '' ? [] : [flag, model];

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;
export { isRoot };
