// Reads a usage limit out of a transcript's error entry: a message the client showed (read with
// the same banner recognisers as the screen, so a limit is the same words wherever it is seen), or
// a structured limit the client recorded (Codex's rate limits). The reset comes back as an ISO
// instant with its offset, or null when the text names none that parses.
import { DateTime } from 'luxon';
import { isFallback, startsBanner, type BannerFamily } from '../screen/limit-banner.js';
import { lineBody, squeeze, withoutErrorLabel } from '../screen/pane-text.js';
import { findReset } from '../screen/reset-time.js';
import type { TranscriptClient, TranscriptEntry } from './transcript-entries.js';

export interface TranscriptLimit {
  readonly at: number;
  readonly text: string;
  readonly resetAt: string | null;
}

const FAMILIES: Readonly<Record<TranscriptClient, readonly BannerFamily[]>> = {
  claude: ['claude'],
  codex: ['codex'],
  gemini: ['gemini'],
};

const TEXT_MAX = 300;

/** Some line of `text` starts a usage-limit banner (and the whole is not a fallback notice). */
export function isLimitText(text: string, client: TranscriptClient): boolean {
  if (isFallback(text)) return false;
  return text
    .split('\n')
    .some((line) => startsBanner(withoutErrorLabel(lineBody(line)).text, FAMILIES[client]));
}

/**
 * The limit an entry reports, or null. `writtenAt` stands in for an entry without a time; reset
 * times of day are read against the moment the client wrote them, not against now.
 */
export function limitOf(
  entry: TranscriptEntry,
  client: TranscriptClient,
  writtenAt: number,
  zone: string,
): TranscriptLimit | null {
  if (entry.kind !== 'error') return null;
  const at = entry.at ?? writtenAt;
  const text = squeeze(entry.text).slice(0, TEXT_MAX);
  if (entry.limit) {
    const resetAt =
      entry.limit.resetAt === null
        ? null
        : DateTime.fromMillis(entry.limit.resetAt, { zone }).toISO({ suppressMilliseconds: true });
    return { at, text, resetAt };
  }
  if (!isLimitText(entry.text, client)) return null;
  const found = findReset(entry.text, { now: DateTime.fromMillis(at, { zone }), zone });
  return {
    at,
    text,
    resetAt: found ? found.at.toISO({ suppressMilliseconds: true }) : null,
  };
}
