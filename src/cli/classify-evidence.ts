// `launch classify --evidence`: weighs a saved pane with the other sources the watchdog reads — its
// motion against an earlier capture, a signals file, a transcript — through the same pure rules
// (weighEvidence, the transcript limit), and says which state the watchdog would see and why.
import type { Backend, Settings } from '../config/fields.js';
import { foldSignals, parseSignalLines } from '../evidence/signals.js';
import { TRANSCRIPT_CLIENTS, type TranscriptClient } from '../evidence/transcript-entries.js';
import { newTranscriptCache, readTranscriptFile } from '../evidence/transcript.js';
import {
  NO_SIGNALS,
  NO_TRANSCRIPT,
  type SignalEvidence,
  type TranscriptEvidence,
} from '../evidence/types.js';
import type { PaneReading } from '../screen/types.js';
import { screenHash } from '../watchdog/observe.js';
import { weighEvidence } from '../watchdog/rules/evidence.js';
import { promptOf } from '../watchdog/rules/needs-input.js';
import { dialectFor } from '../screen/dialects.js';
import { optionsText } from '../screen/prompt.js';
import { withTranscriptLimit } from '../watchdog/rules/transcript-limit.js';
import { freshRecord, type EvidenceItem, type SessionKind } from '../watchdog/state.js';
import { toIso } from '../watchdog/time.js';
import type { SessionObservation } from '../watchdog/types.js';

export interface PaneEvidenceInput {
  readonly backend: Backend;
  readonly pane: string;
  readonly reading: PaneReading;
  /** An earlier capture of the same pane: motion is whether it differs. */
  readonly before: string | null;
  readonly signalsText: string | null;
  readonly transcriptFile: string | null;
  readonly now: number;
  readonly zone: string;
  readonly settings: Pick<
    Settings,
    'stallIdle' | 'opencodeStallIdle' | 'motionBound' | 'signalInterval'
  >;
}

export interface PaneEvidence {
  /** The reading completed by the transcript (a limit it shows, the reset a banner lacked). */
  readonly reading: PaneReading;
  readonly state: SessionKind;
  readonly why: string;
  readonly evidence: readonly EvidenceItem[];
}

function signalsOf(text: string | null): SignalEvidence {
  if (text === null) return NO_SIGNALS;
  const lines = parseSignalLines(text);
  return lines.length === 0
    ? { kind: 'absent', reason: 'the signals file holds no signal line' }
    : foldSignals(lines, 0);
}

function transcriptOf(input: PaneEvidenceInput): TranscriptEvidence {
  if (input.transcriptFile === null) return NO_TRANSCRIPT;
  const client = (TRANSCRIPT_CLIENTS as readonly string[]).includes(input.backend)
    ? (input.backend as TranscriptClient)
    : null;
  if (client === null)
    return { kind: 'absent', reason: `${input.backend} keeps no transcript launch reads` };
  return readTranscriptFile(
    { client, file: input.transcriptFile, conversationId: null },
    newTranscriptCache(),
    input.zone,
  );
}

export function weighPane(input: PaneEvidenceInput): PaneEvidence {
  const { now, reading } = input;
  const hash = screenHash(input.pane);
  const raw: SessionObservation = {
    role: 'builder',
    session: 'classify',
    presence: 'running',
    reading,
    inputArea: '',
    logWrittenAt: null,
    paneTail: '',
    screenHash: hash,
    prompt: dialectFor(input.backend).prompt(input.pane),
    signals: signalsOf(input.signalsText),
    transcript: transcriptOf(input),
  };
  const observation = withTranscriptLimit(raw);
  // The earlier capture stands for the previous look: same content → static, else it moved.
  const record = {
    ...freshRecord({ kind: 'idle', since: toIso(now) }, 'classify', null, 0),
    screen:
      input.before === null ? null : { hash: screenHash(input.before), changedAt: toIso(now - 1) },
  };
  const stallSeconds =
    input.backend === 'opencode' ? input.settings.opencodeStallIdle : input.settings.stallIdle;
  const weighed = weighEvidence(observation, record, now, now, {
    stallSeconds,
    motionBound: input.settings.motionBound,
    signalInterval: input.settings.signalInterval,
  });
  // Without an earlier capture there is no motion to speak of (one look cannot move).
  const evidence = weighed.items.map((item) =>
    item.source === 'motion' && input.before === null
      ? { ...item, verdict: 'absent' as const, workAt: null, detail: 'one capture: give --before' }
      : item,
  );
  const effective = observation.reading ?? reading;
  const verdict = ((): { state: SessionKind; why: string } => {
    if (effective.limited && !effective.active)
      return { state: 'limited', why: effective.matched ?? 'usage limit' };
    if (effective.active) return { state: 'active', why: `working (${effective.matched ?? ''})` };
    if (effective.fatal) return { state: 'fatal', why: effective.matched ?? 'fatal client error' };
    const prompt = promptOf(observation);
    if (prompt !== null)
      return {
        state: 'needs-input',
        why: `waits for a person (${prompt.kind}): ${prompt.question}${prompt.options.length > 0 ? ` [${optionsText(prompt.options)}]` : ''}`,
      };
    if (effective.waitingUntil)
      return { state: 'waiting', why: `declared WAITING-UNTIL ${effective.waitingUntil}` };
    if (weighed.signalsWorking) return { state: 'active', why: 'its signals say a turn runs' };
    if (!effective.recognised && !weighed.signalsIdle)
      return {
        state: 'unrecognised',
        why: `no dialect recognises this ${input.backend} screen: never stall-rebooted while it moves or its signals say working`,
      };
    if (weighed.moved) return { state: 'idle', why: 'no working marker, but the screen moved' };
    return {
      state: 'idle',
      why: weighed.signalsIdle ? 'turn complete (Stop signal)' : 'no working marker',
    };
  })();
  return { reading: effective, ...verdict, evidence };
}
