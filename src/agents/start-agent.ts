// Starts one agent session the way SPEC "Behaviour" 1 says: kickoff written to the log dir, the
// backend's argv in a fresh 200x50 tmux session in the role's directory, pane output piped to
// <log-dir>/<session>.log, and — for CLIs that cannot take it as an argument — the kickoff typed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeTmuxFailure, type Tmux } from '../adapters/tmux.js';
import type { Settings } from '../config/fields.js';
import { roleDir, sessionName, type Role } from '../config/roles.js';
import { buildKickoff } from '../phases/kickoff.js';
import type { Phase } from '../phases/phase.js';
import type { Dialect } from '../screen/types.js';
import { err, ok, type Result } from '../util/result.js';
import { deliver, type Delivery } from './deliver.js';
import { backendFor } from './registry.js';
import { roleClient, roleSettings } from './role-client.js';
import { roleSpec } from '../config/team.js';

export const SESSION_WIDTH = 200;
export const SESSION_HEIGHT = 50;

export const kickoffFilePath = (logDir: string, session: string): string =>
  join(logDir, `.kickoff-${session}.txt`);

export interface AgentStartContext {
  readonly tmux: Tmux;
  readonly settings: Settings;
  readonly phases: readonly Phase[];
  readonly dialect: Dialect;
}

export interface StartedAgent {
  readonly role: Role;
  readonly session: string;
  readonly kickoffFile: string;
  /** How the typed kickoff went, for backends that type it; null when it was an argument. */
  readonly typedKickoff: Delivery | null;
}

/** Environment every agent session gets, whatever the backend (scripts and the sim rely on it). */
export function sessionEnvironment(
  settings: Settings,
  role: Role,
  session: string,
  phase: Phase,
  phaseIndex: number,
  kickoffFile: string,
): Record<string, string> {
  return {
    LAUNCH_ROLE: role,
    LAUNCH_SESSION: session,
    LAUNCH_PHASE_ID: phase.id,
    LAUNCH_PHASE_INDEX: String(phaseIndex),
    LAUNCH_STATUS_FILE: phase.status,
    LAUNCH_PLAN_FILE: phase.planPath,
    LAUNCH_LOG_DIR: settings.logDir,
    LAUNCH_KICKOFF_FILE: kickoffFile,
    // A configured team's role names (the sim accepts them as roles); absent for the default team.
    ...(settings.roles ? { LAUNCH_TEAM: settings.roles.map((entry) => entry.name).join(',') } : {}),
  };
}

/** Starts (or replaces) the role's session at the given phase. */
export async function startAgent(
  context: AgentStartContext,
  role: Role,
  phaseIndex: number,
  /** Resume this conversation (the client's resume option) instead of the kickoff. */
  resumeId: string | null = null,
): Promise<Result<StartedAgent, string>> {
  const { tmux, phases } = context;
  const phase = phases[phaseIndex];
  if (phase === undefined)
    return err(`phase index ${phaseIndex} is outside the ${phases.length}-phase sequence`);
  // The role's own client: its backend, model and flags stand in for the run-wide ones.
  const settings = roleSettings(context.settings, role);
  const session = sessionName(settings, role);
  const backend = backendFor(settings.backend);
  const spec0 = roleSpec(settings, role);

  const kickoff = buildKickoff(
    settings.planDir,
    { phase, phaseIndex, phaseTotal: phases.length, role },
    { prompt: spec0.prompt, preamble: spec0.kickoff },
  );
  if (!kickoff.ok) return err(kickoff.error);
  mkdirSync(settings.logDir, { recursive: true });
  const kickoffFile = kickoffFilePath(settings.logDir, session);
  writeFileSync(kickoffFile, kickoff.value);

  const spec = backend.launch({
    settings,
    role,
    session,
    workdir: roleDir(settings, role),
    kickoffText: kickoff.value,
    kickoffFile,
    resumeId,
  });
  for (const file of spec.files ?? []) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text);
  }
  await tmux.killSession(session);
  const created = await tmux.newSession({
    name: session,
    cwd: spec.cwd,
    command: spec.command,
    env: {
      ...sessionEnvironment(settings, role, session, phase, phaseIndex, kickoffFile),
      ...spec.env,
    },
    width: SESSION_WIDTH,
    height: SESSION_HEIGHT,
    keepDeadPane: true,
  });
  if (!created.ok) return err(`cannot start ${session}: ${describeTmuxFailure(created.error)}`);
  const piped = await tmux.pipePane(session, settings.logDir);
  if (!piped.ok)
    return err(
      `${session} started but its log could not be attached: ${describeTmuxFailure(piped.error)}`,
    );

  let typedKickoff: Delivery | null = null;
  if (spec.typedKickoff !== null) {
    typedKickoff = await deliver(
      tmux,
      session,
      spec.typedKickoff,
      { dialect: roleClient(context, role).dialect, clearInputKeys: backend.clearInputKeys },
      { readyTimeoutMs: backend.startupMs },
    );
  }
  return ok({ role, session, kickoffFile, typedKickoff });
}
