// A usage limit read from the agent's transcript when its screen does not tell: the client wrote the
// limit error as the newest record of the conversation. Folded into the reading the limit rule sees,
// so a window can be armed from the screen or the transcript (and the transcript's exact reset
// fills in a banner whose time did not parse). Pure.
import type { PaneReading } from '../../screen/types.js';
import type { SessionObservation } from '../types.js';

/** The observation the limit rule should see: the screen's reading, completed by the transcript. */
export function withTranscriptLimit(observation: SessionObservation): SessionObservation {
  const reading = observation.reading;
  const transcript = observation.transcript;
  if (reading === null || reading.active || transcript.kind !== 'seen' || transcript.limit === null)
    return observation;
  const limit = transcript.limit;
  // A prompt submitted or work signalled after the error means the agent went on: it is history.
  const signals = observation.signals;
  if (
    signals.kind === 'seen' &&
    Math.max(signals.lastPromptAt ?? 0, signals.lastWorkAt ?? 0) > limit.at
  )
    return observation;
  let next: PaneReading;
  if (reading.limited) {
    if (reading.resetAt !== null || limit.resetAt === null) return observation;
    next = { ...reading, resetAt: limit.resetAt, resetSource: reading.resetSource };
  } else {
    next = {
      ...reading,
      limited: true,
      fatal: false,
      resetAt: limit.resetAt,
      resetSource: null,
      matched: `transcript: ${limit.text}`,
    };
  }
  return { ...observation, reading: next };
}
