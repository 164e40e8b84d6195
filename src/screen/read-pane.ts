// The reading engine every dialect shares: where to look (input box, echoed input, status area),
// which banner, error or marker is the freshest, and whether anything newer makes it history.
// A dialect (claude.ts, codex.ts, ...) only describes its CLI's screen; see ScreenRules.
import { DateTime } from 'luxon';
import type { Backend } from '../config/fields.js';
import { isFatalText, startsApiError } from './fatal.js';
import { readPrompt } from './prompt.js';
import { isFallback, isQuotaApiError, startsBanner, type BannerFamily } from './limit-banner.js';
import { normalizeZoneName } from './limit-zone.js';
import { isBlank, lineBody, paneLines, squeeze, withoutErrorLabel } from './pane-text.js';
import { findReset, isTrusted } from './reset-time.js';
import type { ClassifyContext, Dialect, PaneReading } from './types.js';
import { waitingUntil } from './waiting-until.js';

/** Inclusive line indexes. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

/** What a dialect knows about its CLI's screen. */
export interface ScreenRules {
  readonly backend: Backend;
  readonly submitKey: string;
  /** Whose banners this CLI can show. */
  readonly banners: readonly BannerFamily[];
  /** The input box holding typed-but-unsubmitted text, when drawn. */
  inputBox(lines: readonly string[]): LineRange | null;
  /** The status line (or footer hint) proving a turn is running, or null when idle. */
  workingLine(lines: readonly string[], box: LineRange | null): string | null;
  /** The UI is drawn and takes input. */
  ready(lines: readonly string[], box: LineRange | null): boolean;
  /** First line of a user message echoed into the transcript ("> ...", "› ..."); null: none. */
  readonly echoStart: RegExp | null;
  /** Lines after an echo start that are its wrapped continuation. */
  readonly echoContinuation: RegExp | null;
  /** Assistant output: a banner or error above it is history, not the state the agent is in. */
  readonly activity: RegExp | null;
  /** Lines returned as the input area when no input box is found. */
  readonly inputFallbackLines: number;
}

/** Lines after a banner or error line that may continue it (wrapped text). */
const BLOCK_CONTINUATION = 3;
/** Lines after a banner searched for a fallback notice ("Switching to the ... model"). */
const FALLBACK_WINDOW = 12;
/** Characters of `matched` kept: enough to recognise the banner, bounded for logs. */
const MATCHED_MAX = 300;

export function makeDialect(rules: ScreenRules): Dialect {
  return {
    backend: rules.backend,
    submitKey: rules.submitKey,
    classify: (pane, context) => classifyWith(rules, pane, context),
    prompt: (pane) => readPrompt(rules.backend, pane),
    isReady: (pane) => {
      const lines = paneLines(pane);
      return rules.ready(lines, rules.inputBox(lines));
    },
    inputArea: (pane) => {
      const lines = paneLines(pane);
      const box = rules.inputBox(lines);
      const start = box ? box.start : Math.max(0, lines.length - rules.inputFallbackLines);
      return lines.slice(start).join('\n');
    },
  };
}

interface Found {
  readonly index: number;
  readonly text: string;
  /** The same lines joined without a space: a terminal wrap can split a word ("try a|gain at"). */
  readonly unspaced: string;
}

function classifyWith(rules: ScreenRules, pane: string, context: ClassifyContext): PaneReading {
  const lines = paneLines(pane);
  const box = rules.inputBox(lines);
  const page = new Page(lines, box, rules);
  const zone = normalizeZoneName(context.zone) ?? 'UTC';

  const working = rules.workingLine(lines, box);
  const banner = page.freshestBanner();
  const fatal = page.freshestFatal();
  const waiting = page.lastWaiting(zone);

  // The freshest of a banner and a fatal error decides; neither counts once the agent works again
  // (a working marker) or has written anything since (it recovered, the text is history).
  const bannerCurrent = banner !== null && !working && !page.activityAfter(banner.index);
  const fatalCurrent = fatal !== null && !working && !page.activityAfter(fatal.index);
  const limited = bannerCurrent && (!fatalCurrent || banner.index > fatal.index);
  const isFatal = fatalCurrent && !limited;

  let resetAt: string | null = null;
  let resetSource: PaneReading['resetSource'] = null;
  if (limited && banner) {
    const now = DateTime.fromJSDate(context.now).setZone(zone);
    const reset =
      findReset(banner.text, { now, zone }) ?? findReset(banner.unspaced, { now, zone });
    if (reset && isTrusted(reset, now)) {
      resetAt = reset.at.toISO({ suppressMilliseconds: true });
      resetSource = reset.source;
    }
  }

  const matched = working
    ? working
    : limited && banner
      ? banner.text
      : isFatal && fatal
        ? fatal.text
        : waiting
          ? waiting.text
          : null;
  return {
    active: working !== null,
    limited,
    resetAt,
    resetSource,
    fatal: isFatal,
    waitingUntil: waiting?.at ?? null,
    matched: matched === null ? null : clip(squeeze(matched)),
    recognised: box !== null || working !== null || limited || isFatal || rules.ready(lines, box),
  };
}

function clip(text: string): string {
  return text.length > MATCHED_MAX ? `${text.slice(0, MATCHED_MAX - 1)}…` : text;
}

/** A pane's lines with what must not be read as the agent's output (typed and echoed input) marked. */
class Page {
  private readonly skipped: boolean[];
  private readonly width: number;

  constructor(
    private readonly lines: readonly string[],
    box: LineRange | null,
    private readonly rules: ScreenRules,
  ) {
    this.skipped = lines.map(() => false);
    if (box) for (let i = box.start; i <= box.end; i += 1) this.skipped[i] = true;
    this.markEchoes();
    this.width = lines.reduce((max, line) => Math.max(max, line.length), 0);
  }

  /** Typed input echoed into the transcript: its words are the user's, not the CLI's. */
  private markEchoes(): void {
    const { echoStart, echoContinuation } = this.rules;
    if (!echoStart) return;
    for (let i = 0; i < this.lines.length; i += 1) {
      if (!echoStart.test(this.lines[i] ?? '')) continue;
      this.skipped[i] = true;
      while (i + 1 < this.lines.length && echoContinuation?.test(this.lines[i + 1] ?? '')) {
        i += 1;
        this.skipped[i] = true;
      }
    }
  }

  private readable(i: number): boolean {
    return !this.skipped[i] && !isBlank(this.lines[i] ?? '');
  }

  /** Bottom-up: the newest banner, or null. A fallback notice newer than any banner means none. */
  freshestBanner(): Found | null {
    const families = this.rules.banners;
    for (let i = this.lines.length - 1; i >= 0; i -= 1) {
      if (!this.readable(i)) continue;
      const { text, labelled } = withoutErrorLabel(lineBody(this.lines[i] ?? ''));
      const isBanner = startsBanner(text, families) && this.startsParagraph(i);
      const isQuotaError = !isBanner && labelled && isQuotaApiError(this.block(i).text, families);
      if (!isBanner && !isQuotaError) continue;
      if (isFallback(this.window(i, FALLBACK_WINDOW))) return null;
      return this.block(i);
    }
    return null;
  }

  freshestFatal(): Found | null {
    for (let i = this.lines.length - 1; i >= 0; i -= 1) {
      if (!this.readable(i)) continue;
      const body = lineBody(this.lines[i] ?? '');
      if (!startsApiError(body, withoutErrorLabel(body).labelled)) continue;
      const block = this.block(i);
      if (isFatalText(block.text)) return block;
    }
    return null;
  }

  /** The last marker whose time parses; earlier ones are superseded, bad ones ignored. */
  lastWaiting(zone: string): (Found & { readonly at: string }) | null {
    for (let i = this.lines.length - 1; i >= 0; i -= 1) {
      if (!this.readable(i)) continue;
      const body = lineBody(this.lines[i] ?? '');
      const at = waitingUntil(body, zone);
      if (at)
        return {
          index: i,
          text: body,
          unspaced: body,
          at: at.toISO({ suppressMilliseconds: true }) ?? '',
        };
    }
    return null;
  }

  /** Assistant output below line `index`: what it shows is no longer the agent's current state. */
  activityAfter(index: number): boolean {
    const { activity, banners } = this.rules;
    if (!activity) return false;
    for (let i = index + 1; i < this.lines.length; i += 1) {
      if (!this.readable(i)) continue;
      const line = this.lines[i] ?? '';
      if (!activity.test(line)) continue;
      const body = withoutErrorLabel(lineBody(line));
      if (startsBanner(body.text, banners) || startsApiError(lineBody(line), body.labelled))
        continue;
      return true;
    }
    return false;
  }

  /**
   * The line's text with its wrapped continuation: following lines without a bullet of their own
   * ("Your limit will reset\n     at 3pm (America/Santiago).", "11\nminutes.").
   */
  private block(i: number): Found {
    const parts = [lineBody(this.lines[i] ?? '')];
    for (let j = i + 1; j < this.lines.length && j <= i + BLOCK_CONTINUATION; j += 1) {
      const line = this.lines[j] ?? '';
      if (!this.readable(j) || hasGlyph(prefixOf(line))) break;
      parts.push(lineBody(line));
    }
    return { index: i, text: parts.join(' '), unspaced: parts.join('') };
  }

  private window(i: number, size: number): string {
    const parts: string[] = [];
    for (let j = i; j < this.lines.length && j <= i + size; j += 1) {
      if (this.readable(j)) parts.push(lineBody(this.lines[j] ?? ''));
    }
    return parts.join(' ');
  }

  /**
   * Whether line `i` begins its own paragraph rather than continuing text wrapped from the line
   * above: a path or sentence that wraps can put banner words at the start of a row, but a row
   * only wraps when the one above is (nearly) full and shares its gutter.
   */
  private startsParagraph(i: number): boolean {
    if (i === 0) return true;
    const prev = this.lines[i - 1] ?? '';
    const current = this.lines[i] ?? '';
    if (isBlank(prev) || lineBody(prev) === '') return true;
    const prefix = prefixOf(current);
    if (hasGlyph(prefix) || prefix !== prefixOf(prev)) return true;
    if (startsBanner(withoutErrorLabel(lineBody(prev)).text, this.rules.banners)) return true;
    return prev.length < this.width * 0.6;
  }
}

/** What precedes a line's text: indentation, bullets, box borders. */
function prefixOf(line: string): string {
  return line.slice(0, line.length - lineBody(line).length);
}

/** The prefix holds a bullet or marker glyph, not just spaces and box borders. */
function hasGlyph(prefix: string): boolean {
  return prefix.replace(/[\s│┃║▌▎▏|]/g, '') !== '';
}
