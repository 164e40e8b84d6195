// Weighs every source of evidence about one running session — the dialect's reading, screen motion,
// the agent's own signals, its transcript, opencode's pane log — into one verdict per source (with
// when it last showed work) and the newest sign of work any of them gives. Pure.
//
// Why several sources: a dialect only knows the screens it was written for. A new client release
// that draws its spinner with other words reads as "not working" to it, and a supervisor that
// trusted it alone would reboot a busy agent mid-turn. So a stall needs every available source to
// agree that nothing happened for the whole window — a screen that changed, a hook that fired, a
// transcript that grew each count as work. Motion alone is bounded: a clock or a notice blinking in
// a footer must not hold off a stall for ever, so after MOTION_BOUND windows of motion with no other
// sign of work it is reported and ignored.
import { duration as age } from '../../util/duration.js';
import type { SignalEvidence, TranscriptEvidence } from '../../evidence/types.js';
import type { EvidenceItem, SessionRecord } from '../state.js';
import { seconds, toIso, toMs } from '../time.js';
import type { SessionObservation } from '../types.js';

export interface WeighSettings {
  /** The stall window for this session's backend, in seconds. */
  readonly stallSeconds: number;
  /** Stall windows of motion with no other sign of work before motion is ignored. */
  readonly motionBound: number;
  /** The signal tick, in seconds: "recent" for a transcript write. */
  readonly signalInterval: number;
}

export interface Weighed {
  readonly items: readonly EvidenceItem[];
  /** The newest sign of work from any source that counts (ms): the stall clock runs from here. */
  readonly lastWorkAt: number;
  /** The signals say a turn is in progress (a work signal newer than any stop, within the window). */
  readonly signalsWorking: boolean;
  /** The signals say the turn is over (the newest of work and stop is a stop). */
  readonly signalsIdle: boolean;
  /** The screen memory to keep: its hash and when it last changed. */
  readonly screen: SessionRecord['screen'];
  /** Motion held off the stall for MOTION_BOUND windows with no other sign of work: now ignored. */
  readonly motionIgnored: boolean;
  /** The screen changed since the previous look. */
  readonly moved: boolean;
}

const max = (...values: (number | null | undefined)[]): number | null => {
  let best: number | null = null;
  for (const value of values)
    if (value !== null && value !== undefined && (best === null || value > best)) best = value;
  return best;
};

function signalActivity(signals: SignalEvidence): number | null {
  return signals.kind === 'seen' ? max(signals.lastWorkAt, signals.lastStopAt) : null;
}

/** The client said a turn began (a work signal) and has not said it ended (no stop since). */
function turnOpen(signals: SignalEvidence): boolean {
  return (
    signals.kind === 'seen' &&
    signals.asking === null &&
    signals.lastWorkAt !== null &&
    (signals.lastStopAt === null || signals.lastWorkAt > signals.lastStopAt)
  );
}

/**
 * `moving`: the screen changed within the window. A turn the client opened and has not closed, on
 * a screen that keeps moving, is a turn still running (a long tool call signals only at its ends).
 */
function signalsItem(
  signals: SignalEvidence,
  now: number,
  window: number,
  moving: boolean,
): EvidenceItem {
  if (signals.kind === 'absent')
    return { source: 'signals', verdict: 'absent', workAt: null, detail: signals.reason };
  const activity = signalActivity(signals);
  const workAt = activity === null ? null : toIso(activity);
  if (signals.asking !== null)
    return {
      source: 'signals',
      verdict: 'asking',
      workAt,
      detail: `asks (${signals.asking.kind}) ${age(now - signals.asking.at)} ago: ${signals.asking.message}`,
    };
  const { lastWorkAt, lastStopAt } = signals;
  if (lastWorkAt !== null && (lastStopAt === null || lastWorkAt > lastStopAt))
    return {
      source: 'signals',
      verdict: now - lastWorkAt < window || moving ? 'working' : 'idle',
      workAt,
      detail: `turn in progress, last work signal ${age(now - lastWorkAt)} ago${now - lastWorkAt < window || !moving ? '' : ', screen moving'}`,
    };
  if (lastStopAt !== null)
    return {
      source: 'signals',
      verdict: 'idle',
      workAt,
      detail: `turn complete ${age(now - lastStopAt)} ago`,
    };
  return {
    source: 'signals',
    verdict: 'idle',
    workAt,
    detail: `${signals.last.event} ${age(now - signals.last.at)} ago, no turn yet`,
  };
}

function transcriptItem(transcript: TranscriptEvidence, now: number, recent: number): EvidenceItem {
  if (transcript.kind === 'absent')
    return { source: 'transcript', verdict: 'absent', workAt: null, detail: transcript.reason };
  const ago = now - transcript.writtenAt;
  return {
    source: 'transcript',
    verdict: ago < recent ? 'working' : 'idle',
    workAt: toIso(transcript.writtenAt),
    detail: transcript.limit
      ? `written ${age(ago)} ago, ends in a usage-limit error`
      : `written ${age(ago)} ago`,
  };
}

/**
 * Weighs one running session's evidence. `baseline` is when its idle clock started (the moment it
 * was last seen working by the dialect, or (re)started, or the watchdog first saw it).
 */
export function weighEvidence(
  observation: SessionObservation,
  record: SessionRecord,
  baseline: number,
  now: number,
  settings: WeighSettings,
): Weighed {
  const nowIso = toIso(now);
  const window = seconds(settings.stallSeconds);
  const reading = observation.reading;

  // ── screen motion ─────────────────────────────────────────────────────────
  const previous = record.screen;
  const hash = observation.screenHash;
  const moved = hash !== null && previous !== null && previous.hash !== hash;
  const screen =
    hash === null
      ? previous
      : previous !== null && previous.hash === hash
        ? previous
        : { hash, changedAt: nowIso };
  const changedAt = screen ? toMs(screen.changedAt) : null;

  // ── the other sources ─────────────────────────────────────────────────────
  const lastActiveAt = reading?.active
    ? now
    : record.lastActiveAt
      ? toMs(record.lastActiveAt)
      : null;
  const signals = observation.signals;
  const signalsAt = signalActivity(signals);
  const transcriptAt =
    observation.transcript.kind === 'seen' ? observation.transcript.writtenAt : null;
  const startedAt = record.startedAt ? toMs(record.startedAt) : null;
  const corroborating =
    max(baseline, lastActiveAt, signalsAt, transcriptAt, observation.logWrittenAt, startedAt) ??
    baseline;

  // Motion with nothing else showing work for MOTION_BOUND windows is not work — unless the
  // client itself says a turn is open (it started a tool and has not said it ended).
  const motionHolds = changedAt !== null && now - changedAt < window;
  const boundBase = turnOpen(signals) ? now : corroborating;
  const motionIgnored = motionHolds && now - boundBase >= settings.motionBound * window;
  const lastWorkAt = motionIgnored
    ? corroborating
    : (max(corroborating, changedAt) ?? corroborating);

  const screenItem: EvidenceItem = {
    source: 'screen',
    verdict:
      reading === null
        ? 'absent'
        : reading.active
          ? 'working'
          : reading.recognised
            ? 'idle'
            : 'unknown',
    workAt: lastActiveAt === null ? null : toIso(lastActiveAt),
    detail:
      reading === null
        ? 'no pane'
        : reading.active
          ? `working (${reading.matched ?? 'marker'})`
          : reading.recognised
            ? 'no working marker'
            : 'no dialect recognises this screen',
  };
  const motionItem: EvidenceItem = {
    source: 'motion',
    verdict:
      changedAt === null ? 'absent' : motionIgnored ? 'unknown' : motionHolds ? 'working' : 'idle',
    workAt: changedAt === null ? null : toIso(changedAt),
    detail:
      changedAt === null
        ? 'no screen'
        : motionIgnored
          ? `moving (${age(now - changedAt)} ago) but nothing else showed work for ${age(now - corroborating)}: not counted`
          : moved
            ? 'changed since the last look'
            : `static for ${age(now - changedAt)}`,
  };
  const signalsNow = signalsItem(signals, now, window, motionHolds && !motionIgnored);
  const items: EvidenceItem[] = [
    screenItem,
    motionItem,
    signalsNow,
    transcriptItem(
      observation.transcript,
      now,
      Math.max(2 * seconds(settings.signalInterval), 60_000),
    ),
  ];
  if (observation.logWrittenAt !== null)
    items.push({
      source: 'log',
      verdict: now - observation.logWrittenAt < window ? 'working' : 'idle',
      workAt: toIso(observation.logWrittenAt),
      detail: `pane log written ${age(now - observation.logWrittenAt)} ago`,
    });

  return {
    items,
    lastWorkAt,
    signalsWorking: signalsNow.verdict === 'working',
    signalsIdle:
      signals.kind === 'seen' &&
      signals.asking === null &&
      signals.lastStopAt !== null &&
      (signals.lastWorkAt === null || signals.lastStopAt >= signals.lastWorkAt),
    screen,
    motionIgnored,
    moved,
  };
}

/** The sources behind a decision, for the ledger: `{ screen: "no working marker", motion: … }`. */
export function evidenceSummary(items: readonly EvidenceItem[]): Record<string, string> {
  return Object.fromEntries(items.map((item) => [item.source, `${item.verdict}: ${item.detail}`]));
}
