// Codex's look (codex 0.171.0): "›" echoed prompts, "•" agent messages, "■" errors; above the
// composer the status row "• Working (13s • esc to interrupt)" while a turn runs; the composer
// "› Ask Codex to do anything" (binary @6600916), then the footer "? for shortcuts" (@6735043) and
// "100% context left" (@6871379). The status row's shape is panes/codex/working-*.txt's.
import { DateTime } from 'luxon';
import type { TranscriptEntry } from './model.js';
import { composeFrame, frameWidth, prefixedRows } from './look-layout.js';
import type { LookView } from './looks.js';
import { LOOK_PROMPTS } from './look-prompts.js';
import { wrapText, type ScreenSize } from './screen.js';

const PLACEHOLDER = 'Ask Codex to do anything';
const FOOTER_LEFT = '  ? for shortcuts';
const FOOTER_RIGHT = '100% context left';

/** Codex's compact elapsed time: "13s", "1m 05s", "1h 02m 03s". */
export function codexElapsed(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (total < 60) return `${s}s`;
  if (total < 3600) return `${m}m ${two(s)}s`;
  return `${h}h ${two(m)}m ${two(s)}s`;
}

export const codexStatusRow = (seconds: number): string =>
  `• Working (${codexElapsed(seconds)} • esc to interrupt)`;

/** "Dec 6th, 2026 3:45 PM": the binary's "%b %-d" + ordinal + ", %Y %-I:%M %p" (@562432). */
function codexDate(ms: number, zone: string): string {
  const at = DateTime.fromMillis(ms, { zone, locale: 'en-US' });
  const day = at.day;
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen
    ? 'th'
    : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th');
  return `${at.toFormat('LLL d')}${suffix}${at.toFormat(', yyyy h:mm a')}`;
}

/** The usage-limit error (binary @651282 with " or try again at …." @504275). */
export function codexBanner(resetAtMs: number, zone: string): string {
  return `You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at ${codexDate(resetAtMs, zone)}.`;
}

function entryRows(entry: TranscriptEntry, width: number): string[] {
  switch (entry.kind) {
    case 'input':
      return prefixedRows(entry.text, '› ', width);
    case 'event':
      return prefixedRows(entry.text, '• ', width);
    case 'error':
      return prefixedRows(entry.text, '■ ', width);
    case 'raw':
      return wrapText(entry.text, width);
  }
}

function footer(width: number): string {
  const gap = Math.max(2, width - FOOTER_LEFT.length - FOOTER_RIGHT.length - 2);
  return `${FOOTER_LEFT}${' '.repeat(gap)}${FOOTER_RIGHT}`;
}

export function renderCodex(view: LookView, size: ScreenSize): string[] {
  const width = frameWidth(size);
  // Cells are separated by a blank row, as Codex draws them.
  const transcript = view.transcript.flatMap((entry) => [...entryRows(entry, width), '']);
  const bottom: string[] = ['', view.busySeconds === null ? '' : codexStatusRow(view.busySeconds)];
  const dialog = view.prompt === null ? null : (LOOK_PROMPTS.codex[view.prompt] ?? null);
  if (dialog !== null) {
    // The approval or sign-in view takes the composer's place.
    bottom.push(
      '',
      ...dialog.lines.flatMap((line) => prefixedRows(line, '  ', width)),
      '',
      ...dialog.options.map((label, i) => `${i === 0 ? '› ' : '  '}${i + 1}. ${label}`),
      ...(dialog.hint === null ? [] : ['', `  ${dialog.hint}`]),
    );
  } else if (view.input !== null) {
    const maxRows = Math.max(1, Math.floor(size.height / 4));
    const draft = view.input === '' ? PLACEHOLDER : view.input;
    bottom.push('', ...prefixedRows(draft, '› ', width).slice(-maxRows), '', footer(width));
  }
  return composeFrame([view.title, ''], transcript, bottom, size);
}
