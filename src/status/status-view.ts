// The facts `launch status` shows (and `status --json` prints): the phase, each session's state as
// the watchdog sees it (or, with no watchdog, as its pane reads now), limit windows, the watchdog.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { instantOf, SYSTEM_ZONE, systemIso } from '../util/system-time.js';
import { readRecentEvents } from '../adapters/ledger.js';
import { readState } from '../adapters/state-store.js';
import type { Tmux } from '../adapters/tmux.js';
import type { PanesRequest } from './watchdog-panes.js';
import type { PaneInfo } from '../adapters/tmux-pane-list.js';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { readDiskProblem, type DiskProblem } from './disk-problem.js';
import type { Settings } from '../config/fields.js';
import { ROLES, sessionName, watchdogSessionName, type Role } from '../config/roles.js';
import type { Phase } from '../phases/phase.js';
import { readStatus } from '../phases/status-file.js';
import { readPauseState } from './pause-state.js';
import { activeRoles } from '../phases/validate.js';
import { teamNames } from '../config/team.js';
import { roleDialect } from '../agents/role-dialect.js';
import { staleNote } from '../watchdog/rules/heartbeat.js';
import type { Dialect } from '../screen/types.js';
import { SEQUENCE_COMPLETE_FILE } from '../watchdog/run-files.js';
import { optionsText, type PromptKind, type PromptReading } from '../screen/prompt.js';
import type { EvidenceItem, SessionKind, WatchdogState } from '../watchdog/state.js';
import type { LedgerEvent } from '../watchdog/types.js';
import { readLiveRespawner } from '../watchdog/respawn-record.js';
import { accountViews, type AccountView } from './account-view.js';
import { stripRecordStrings, stripTerminalControls } from '../util/terminal-text.js';
import { ok } from '../util/result.js';

export interface SessionView {
  readonly role: Role;
  readonly name: string;
  readonly running: boolean;
  readonly state: SessionKind;
  /** End of the limit window (when the probe goes), ISO-8601 with offset; null when not limited. */
  readonly limitedUntil: string | null;
  /** The bare reset the banner gave, when it parsed. */
  readonly resetAt: string | null;
  readonly since: string | null;
  readonly why: string;
  /** Where the state came from: the watchdog's state file, or a live reading of the pane. */
  readonly source: 'watchdog' | 'pane';
  /**
   * Each source of evidence as the watchdog last weighed it (screen, motion, signals, transcript,
   * log): its verdict, when it last showed work (ISO-8601 with offset) and a sentence.
   */
  readonly evidence: readonly EvidenceView[];
  /** needs-input: the question the agent waits at, its options and the command that answers. */
  readonly prompt: PromptView | null;
}

export interface PromptView {
  readonly kind: PromptKind;
  readonly question: string;
  /** Option labels; option n is options[n - 1]. */
  readonly options: readonly string[];
  /** "1. Yes / 2. No". */
  readonly optionsText: string;
  /** The command that answers it. */
  readonly answerWith: string;
  /** When it began waiting, ISO-8601 with offset (null: read live from the pane). */
  readonly since: string | null;
}

function promptView(
  role: Role,
  prompt: { kind: PromptKind; question: string; options: readonly string[] },
  since: string | null,
): PromptView {
  return {
    kind: prompt.kind,
    question: stripTerminalControls(prompt.question),
    options: prompt.options.map((option) => stripTerminalControls(option)),
    optionsText: stripTerminalControls(optionsText(prompt.options)),
    answerWith: `launch answer ${role} ${prompt.options.length > 0 ? '<option-number>' : '<text>'}`,
    since,
  };
}

export interface EvidenceView {
  readonly source: EvidenceItem['source'];
  readonly verdict: EvidenceItem['verdict'];
  readonly workAt: string | null;
  readonly detail: string;
}

export interface StatusView {
  readonly phase: {
    readonly index: number;
    readonly id: string;
    readonly total: number;
    readonly plan: string;
    readonly statusFile: string;
    readonly done: boolean;
  };
  readonly sequenceComplete: boolean;
  /** <log-dir>/STOP exists: the watchdog (if running) observes but takes no action. */
  readonly paused: { readonly since: string; readonly note: string | null } | null;
  readonly sessions: readonly SessionView[];
  readonly watchdog: {
    readonly running: boolean;
    readonly pid: number | null;
    readonly session: string;
    /** When the running watchdog took its lock, ISO-8601 with offset. */
    readonly startedAt: string | null;
    /** Last state write (≈ last tick), ISO-8601 with offset. */
    readonly lastTick: string | null;
    /** Its live respawner, and during a pause when it starts the watchdog again (ISO). */
    readonly respawner: { readonly pid: number; readonly nextStartAt: string | null } | null;
    /** While not running: when and why it last stopped (from the ledger), if that is recent. */
    readonly lastStop: { readonly at: string; readonly reason: string } | null;
    /** While the running watchdog's log dir refuses writes: since when, why, lines held. */
    readonly disk: DiskProblem | null;
  };
  readonly recent: readonly LedgerEvent[];
  /** The shared windows of the accounts its sessions spend (one quota per account). */
  readonly accounts: readonly AccountView[];
}

export interface StatusContext {
  readonly settings: Settings;
  readonly phases: readonly Phase[];
  readonly tmux: Tmux;
  /**
   * A fresh look at the panes from the run's live watchdog (its status socket), tried before tmux
   * when a watchdog holds the log dir; null: it did not answer, and tmux is asked directly.
   */
  readonly watchdogPanes?: (sessions: readonly string[]) => PanesRequest;
  /**
   * True when certainly no tmux server runs (its socket refuses): status then lists no panes
   * without starting a tmux client of its own. Absent: tmux is asked.
   */
  readonly tmuxServerGone?: () => Promise<boolean>;
  readonly dialect: Dialect;
  readonly zone: string;
  readonly now: Date;
  /** Where the client account folders and the machine's state dir are read from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function withOffset(iso: string | null, zone: string): string | null {
  if (iso === null) return null;
  if (zone === SYSTEM_ZONE) {
    const ms = instantOf(iso);
    return ms === null ? iso : systemIso(ms);
  }
  const time = DateTime.fromISO(iso, { zone });
  return time.isValid ? time.toISO() : iso;
}

function liveKind(
  context: StatusContext,
  role: Role,
  pane: string,
): { kind: SessionKind; why: string; prompt?: PromptReading } {
  // The role's own client reads its pane: a team may mix them (a Codex reviewer's "Working (4s)").
  const dialect = roleDialect(context, role);
  const reading = dialect.classify(pane, { now: context.now, zone: context.zone });
  const prompt = reading.active ? null : dialect.prompt(pane);
  if (prompt && !reading.limited)
    return {
      kind: 'needs-input',
      why: `waits for a person (${prompt.kind}): ${prompt.question}`,
      prompt,
    };
  if (reading.limited && !reading.active)
    return { kind: 'limited', why: reading.matched ?? 'limit banner' };
  if (reading.active) return { kind: 'active', why: 'working' };
  if (reading.fatal) return { kind: 'fatal', why: reading.matched ?? 'fatal client error' };
  if (reading.waitingUntil)
    return { kind: 'waiting', why: `WAITING-UNTIL ${reading.waitingUntil}` };
  if (!reading.recognised) return { kind: 'unrecognised', why: 'no dialect recognises its screen' };
  return { kind: 'idle', why: 'no working marker' };
}

async function sessionView(
  context: StatusContext,
  role: Role,
  panes: readonly PaneInfo[],
  screens: ReadonlyMap<string, string | null>,
  state: WatchdogState | null,
  watchdogRunning: boolean,
): Promise<SessionView> {
  const name = sessionName(context.settings, role);
  const pane = panes.find((candidate) => candidate.session === name);
  const running = pane !== undefined && !pane.dead;
  const record = state?.sessions[role];
  const base = {
    role,
    name,
    running,
    limitedUntil: null,
    resetAt: null,
    evidence: [],
    prompt: null,
  };
  if (watchdogRunning && record) {
    const kind: SessionKind =
      !running &&
      (record.state.kind === 'active' ||
        record.state.kind === 'idle' ||
        record.state.kind === 'waiting')
        ? 'dead'
        : record.state.kind;
    const limited = record.state.kind === 'limited' ? record.state : null;
    return {
      ...base,
      state: kind,
      limitedUntil: withOffset(limited?.until ?? null, context.zone),
      resetAt: withOffset(limited?.resetAt ?? null, context.zone),
      since: withOffset(record.state.since, context.zone),
      why:
        staleNote(state?.heartbeats?.[role]) +
        (kind === record.state.kind
          ? record.why
          : 'session gone; the watchdog restarts it on its next heavy tick'),
      source: 'watchdog',
      prompt:
        record.state.kind === 'needs-input' && running
          ? promptView(role, record.state.prompt, withOffset(record.state.since, context.zone))
          : null,
      evidence: running
        ? record.evidence.map((item) => ({
            ...item,
            workAt: withOffset(item.workAt, context.zone),
          }))
        : [],
    };
  }
  if (!running) {
    return {
      ...base,
      state: 'stopped',
      since: null,
      why: pane?.dead ? 'its program exited' : 'not running',
      source: 'pane',
    };
  }
  // Read in the listing's tmux call; captured on its own only if it was not asked for there.
  const screen = screens.get(name);
  const text = (screen !== undefined ? screen : await context.tmux.capture(name)) ?? '';
  const live = liveKind(context, role, text);
  // With a watchdog running, the pane is read here only because it has not recorded the session.
  const source = watchdogRunning
    ? 'read from the pane: the watchdog has not recorded it yet'
    : 'no watchdog: read from the pane';
  return {
    ...base,
    state: live.kind,
    since: null,
    why: `${live.why} (${source})`,
    source: 'pane',
    prompt: live.prompt ? promptView(role, live.prompt, null) : null,
  };
}

function pausedView(logDir: string, zone: string): StatusView['paused'] {
  const pause = readPauseState(logDir);
  return pause ? { since: withOffset(pause.since, zone) ?? pause.since, note: pause.note } : null;
}

export async function buildStatus(context: StatusContext): Promise<StatusView> {
  const { settings, phases } = context;
  const holder = readLockHolder(settings.logDir);
  const stateRead = readState(settings.logDir);
  const state = stateRead.ok ? stateRead.value : null;
  // One look at the panes: every pane, and the screen of each session no running watchdog has
  // recorded. A live watchdog takes it (asked first: it looks while the files below are read).
  const unrecorded = activeRoles(settings).filter(
    (role) => holder === null || !state?.sessions[role],
  );
  const names = unrecorded.map((role) => sessionName(settings, role));
  const asked = holder !== null && context.watchdogPanes ? context.watchdogPanes(names) : null;
  await asked?.sent;
  const index = Math.min(state?.phaseIndex ?? 0, Math.max(phases.length - 1, 0));
  const phase = phases[index];
  const status = phase ? readStatus(settings.builderDir, phase.status) : null;
  const respawner = readLiveRespawner(settings.logDir);
  let lastTick: string | null = null;
  try {
    lastTick = withOffset(
      statSync(join(settings.logDir, 'state.json')).mtime.toISOString(),
      context.zone,
    );
  } catch {
    lastTick = null;
  }
  const ledger = readRecentEvents(settings.logDir, 40);
  const fromWatchdog = asked ? await asked.answer : null;
  // Without a watchdog's answer, one tmux call of status's own.
  const listed = fromWatchdog
    ? ok(fromWatchdog)
    : (await context.tmuxServerGone?.())
      ? ok({ panes: [], screens: new Map<string, string | null>(), calls: 0 })
      : await context.tmux.snapshot(names);
  const panes = listed.ok ? listed.value.panes : [];
  const screens = listed.ok ? listed.value.screens : new Map<string, string | null>();
  const roles = new Set<Role>(activeRoles(settings));
  // Every role of the team, in its order (the defaults: Builder, Adversary, Orchestrator); one left
  // running from an earlier configuration (an Orchestrator since disabled) is still shown.
  const team = [...new Set([...teamNames(settings), ...ROLES])];
  for (const role of team)
    if (panes.some((pane) => pane.session === sessionName(settings, role))) roles.add(role);
  const sessions: SessionView[] = [];
  for (const role of team.filter((candidate) => roles.has(candidate))) {
    const view = await sessionView(context, role, panes, screens, state, holder !== null);
    // `why` quotes pane text: shown to a person, so without terminal escapes.
    sessions.push({ ...view, why: stripTerminalControls(view.why) });
  }
  const stop =
    holder === null ? ledger.findLast((event) => event.type === 'watchdog-stopped') : null;
  return {
    phase: {
      index,
      id: phase?.id ?? '',
      total: phases.length,
      plan: phase?.planPath ?? '',
      statusFile: status?.file ?? '',
      done: status?.kind === 'done',
    },
    sequenceComplete:
      existsSync(join(settings.logDir, SEQUENCE_COMPLETE_FILE)) || state?.sequenceComplete === true,
    paused: pausedView(settings.logDir, context.zone),
    sessions,
    watchdog: {
      running: holder !== null,
      pid: holder?.pid ?? null,
      session: watchdogSessionName(settings),
      startedAt: holder ? withOffset(holder.startedAt, context.zone) : null,
      lastTick,
      respawner: respawner
        ? { pid: respawner.pid, nextStartAt: withOffset(respawner.nextStartAt, context.zone) }
        : null,
      lastStop: stop
        ? {
            at: withOffset(stop.ts, context.zone) ?? stop.ts,
            reason: stripTerminalControls(String(stop.reason ?? '')),
          }
        : null,
      disk: holder !== null ? readDiskProblem(settings.logDir) : null,
    },
    recent: ledger
      .filter((event) => event.type !== 'session-state' || event.from !== 'unknown')
      .slice(-8)
      .map(stripRecordStrings),
    accounts: accountViews(
      settings,
      [...roles],
      context.env ?? process.env,
      context.zone,
      context.now,
    ),
  };
}
