// What a run did, computed from its ledger alone (pure): handoffs each way, reboots and why, limit
// windows with their probes, phase changes, wakes. `launch demo` prints it when the run ends.
import type { Role } from '../config/roles.js';
import type { LedgerEvent } from '../watchdog/types.js';

export interface LimitWindow {
  readonly role: Role | undefined;
  readonly armedAt: string;
  readonly resetAt: string | null;
  /** When the probe was due (reset + slack, or the flat fallback). */
  readonly until: string | null;
  readonly probes: readonly string[];
  readonly liftedAt: string | null;
  readonly liftedBecause: string | null;
}

export interface RunSummary {
  /** The first watchdog start, and the sequence's end (null when it did not complete). */
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly phases: readonly string[];
  readonly handoffs: {
    /** Claims (and Adversary INBOX changes) pinged to the Adversary. */
    readonly toAdversary: readonly string[];
    /** Reviews (and Builder INBOX changes) pinged to the Builder. */
    readonly toBuilder: readonly string[];
  };
  readonly reboots: readonly {
    readonly at: string;
    readonly role: Role | undefined;
    readonly reason: string;
    readonly why: string;
  }[];
  readonly limitWindows: readonly LimitWindow[];
  readonly phaseChanges: readonly {
    readonly at: string;
    readonly from: string;
    readonly to: string;
  }[];
  readonly declaredWaits: number;
  readonly wakes: number;
  readonly undelivered: number;
  /** Ticks that threw (logged and survived): worth a look when not zero. */
  readonly tickFailures: number;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function summarizeRun(events: readonly LedgerEvent[]): RunSummary {
  const toAdversary: string[] = [];
  const toBuilder: string[] = [];
  const reboots: RunSummary['reboots'][number][] = [];
  const windows: LimitWindow[] = [];
  const phaseChanges: RunSummary['phaseChanges'][number][] = [];
  let startedAt: string | null = null;
  let completedAt: string | null = null;
  let phases: readonly string[] = [];
  let declaredWaits = 0;
  let wakes = 0;
  let undelivered = 0;
  let tickFailures = 0;
  const openWindow = (role: Role | undefined): number =>
    windows.findLastIndex((window) => window.role === role && window.liftedAt === null);

  for (const event of events) {
    switch (event.type) {
      case 'watchdog-started':
        startedAt ??= event.ts;
        break;
      case 'handoff-ping':
        (event.role === 'builder' ? toBuilder : toAdversary).push(text(event.reason));
        break;
      case 'session-restarted':
        reboots.push({
          at: event.ts,
          role: event.role,
          reason: text(event.reason),
          why: text(event.why),
        });
        break;
      case 'limit-armed':
        windows.push({
          role: event.role,
          armedAt: event.ts,
          resetAt: text(event.resetAt) || null,
          until: text(event.until) || null,
          probes: [],
          liftedAt: null,
          liftedBecause: null,
        });
        break;
      case 'limit-probe': {
        const index = openWindow(event.role);
        const window = windows[index];
        if (window) windows[index] = { ...window, probes: [...window.probes, event.ts] };
        break;
      }
      case 'limit-lifted': {
        const index = openWindow(event.role);
        const window = windows[index];
        if (window)
          windows[index] = { ...window, liftedAt: event.ts, liftedBecause: text(event.reason) };
        break;
      }
      case 'phase-advanced':
        phaseChanges.push({ at: event.ts, from: text(event.from), to: text(event.to) });
        break;
      case 'sequence-complete':
        completedAt = event.ts;
        phases = Array.isArray(event.phases) ? event.phases.map(text) : [];
        break;
      case 'session-state':
        if (event.to === 'waiting' && event.from !== 'unknown') declaredWaits++;
        break;
      case 'orchestrator-woken':
        wakes++;
        break;
      case 'message-not-delivered':
        undelivered++;
        break;
      case 'tick-failed':
        tickFailures++;
        break;
      default:
        break;
    }
  }
  return {
    startedAt,
    completedAt,
    phases,
    handoffs: { toAdversary, toBuilder },
    reboots,
    limitWindows: windows,
    phaseChanges,
    declaredWaits,
    wakes,
    undelivered,
    tickFailures,
  };
}

/** Seconds as m:ss ("0:07", "1:42"). */
export function clockDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The summary as lines for people; times are offsets from the watchdog's start ("+0:31"). */
export function renderSummary(summary: RunSummary, totalMs: number): string[] {
  const origin = summary.startedAt === null ? null : Date.parse(summary.startedAt);
  const at = (iso: string | null): string =>
    iso === null || origin === null ? '?' : `+${clockDuration(Date.parse(iso) - origin)}`;
  const lines: string[] = [];
  const run =
    summary.completedAt !== null && origin !== null
      ? `the loop ran ${clockDuration(Date.parse(summary.completedAt) - origin)} from the watchdog's start to SEQUENCE-COMPLETE; `
      : '';
  lines.push(`summary: ${run}the demo took ${clockDuration(totalMs)} in all`);

  const { toAdversary, toBuilder } = summary.handoffs;
  lines.push(`  handoffs       builder → adversary: ${toAdversary.length}${list(toAdversary)}`);
  lines.push(`                 adversary → builder: ${toBuilder.length}${list(toBuilder)}`);

  if (summary.reboots.length === 0) lines.push('  reboots        none');
  summary.reboots.forEach((reboot, index) => {
    lines.push(
      `  ${index === 0 ? `reboots ${String(summary.reboots.length).padEnd(7)}` : ' '.repeat(15)}${at(reboot.at)}  ${reboot.role ?? '?'} (${reboot.reason}): ${reboot.why}`,
    );
  });

  if (summary.limitWindows.length === 0) lines.push('  limit windows  none');
  summary.limitWindows.forEach((window, index) => {
    const probes =
      window.probes.length === 0
        ? 'no probe'
        : `${plural(window.probes.length, 'probe')} (${window.probes.map(at).join(', ')})`;
    const lifted =
      window.liftedAt === null
        ? 'still limited at the end'
        : `resumed ${at(window.liftedAt)} (${window.liftedBecause ?? ''}), never rebooted`;
    lines.push(
      `  ${index === 0 ? 'limit windows  ' : ' '.repeat(15)}${at(window.armedAt)}  ${window.role ?? '?'} limited, ${probes}, ${lifted}`,
    );
  });

  const changes = summary.phaseChanges.map(
    (change) => `${at(change.at)} ${change.from} DONE → ${change.to}`,
  );
  if (summary.completedAt !== null)
    changes.push(
      `${at(summary.completedAt)} ${summary.phases.at(-1) ?? ''} DONE → sequence complete`,
    );
  lines.push(`  phases         ${changes.length === 0 ? 'no change' : changes.join(' · ')}`);

  const other = [
    `${plural(summary.declaredWaits, 'declared wait')} (WAITING-UNTIL)`,
    `orchestrator woken ${plural(summary.wakes, 'time')}`,
    ...(summary.undelivered > 0
      ? [`${plural(summary.undelivered, 'message')} not delivered (retried)`]
      : []),
    ...(summary.tickFailures > 0 ? [plural(summary.tickFailures, 'failed tick')] : []),
  ];
  lines.push(`  also           ${other.join(' · ')}`);
  return lines;
}

/** `claim(p1-g1): gate g1 is ready` → `claim(p1-g1)`; other reasons (INBOX changes) as they are. */
export function handoffLabel(reason: string): string {
  return /^[A-Za-z][\w-]*\([^)]*\)/.exec(reason)?.[0] ?? reason;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '' : ` (${items.map(handoffLabel).join(', ')})`;
}
