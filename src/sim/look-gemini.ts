// Gemini CLI's look (gemini 0.61.0, bundle/interactiveCli-4ZJLSCID.js): "> " echoed prompts, "✦"
// model replies, "✕" errors; while a turn runs the loading line "⠼ Counting electrons (esc to
// cancel, 12s)" (LoadingIndicator @878203; phrases from its witty list @866798) above the input box
// "│ >   Type your message or @path/to/file │" (@807129).
import type { TranscriptEntry } from './model.js';
import { composeFrame, frameWidth, prefixedRows } from './look-layout.js';
import type { LookView } from './looks.js';
import { LOOK_PROMPTS } from './look-prompts.js';
import { wrapText, type ScreenSize } from './screen.js';

const PLACEHOLDER = '  Type your message or @path/to/file';
/** cli-spinners "dots", which Gemini's spinner uses. */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const PHRASES = [
  'Counting electrons',
  'Brewing fresh bytes',
  'Polishing the algorithms',
  'Generating witty retort',
];
/** The model its limit banner names (DEFAULT_GEMINI_MODEL in 0.61.0). */
const MODEL = 'gemini-2.5-pro';

/** The timer: `${s}s` under a minute, else formatDuration's "1m 5s". */
function geminiElapsed(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return `${total}s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 ? `${s}s` : '']
    .filter((part) => part !== '')
    .join(' ');
}

export function geminiLoadingLine(seconds: number): string {
  const second = Math.max(0, Math.floor(seconds));
  const frame = FRAMES[second % FRAMES.length] ?? '⠋';
  const phrase = PHRASES[Math.floor(second / 10) % PHRASES.length] ?? 'Counting electrons';
  return `${frame} ${phrase} (esc to cancel, ${geminiElapsed(second)})`;
}

/**
 * The usage-limit error (@977948 and getResetTimeMessage @984821: en-US hour and minute with the
 * short zone name), one line each as Gemini joins them.
 */
export function geminiBanner(resetAtMs: number, zone: string): string {
  const time = new Intl.DateTimeFormat('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: zone,
  }).format(new Date(resetAtMs));
  return [
    `Usage limit reached for ${MODEL}.`,
    `Access resets at ${time}.`,
    '/stats model for usage details',
    '/model to switch models.',
  ].join('\n');
}

function entryRows(entry: TranscriptEntry, width: number): string[] {
  switch (entry.kind) {
    case 'input':
      return prefixedRows(entry.text, '> ', width);
    case 'event':
      return prefixedRows(entry.text, '✦ ', width);
    case 'error':
      return prefixedRows(entry.text, '✕ ', width);
    case 'raw':
      return wrapText(entry.text, width);
  }
}

/** Rows inside a rounded box as wide as the frame. */
function boxed(rows: readonly string[], width: number): string[] {
  const inner = Math.max(1, width - 4);
  const fit = (row: string) => {
    const chars = Array.from(row).slice(0, inner);
    return `${chars.join('')}${' '.repeat(inner - chars.length)}`;
  };
  return [
    `╭${'─'.repeat(inner + 2)}╮`,
    ...rows.map((row) => `│ ${fit(row)} │`),
    `╰${'─'.repeat(inner + 2)}╯`,
  ];
}

export function renderGemini(view: LookView, size: ScreenSize): string[] {
  const width = frameWidth(size);
  const inner = Math.max(1, width - 4);
  const transcript = view.transcript.flatMap((entry) => [...entryRows(entry, width), '']);
  const bottom: string[] = [
    view.busySeconds === null ? '' : geminiLoadingLine(view.busySeconds),
    '',
  ];
  const dialog = view.prompt === null ? null : (LOOK_PROMPTS.gemini[view.prompt] ?? null);
  if (dialog !== null) {
    // The trust dialog is drawn in a box in the input box's place.
    bottom.push(
      ...boxed(
        [
          '',
          ...dialog.lines.flatMap((line) => (line === '' ? [''] : wrapText(line, inner))),
          '',
          ...dialog.options.map((label, i) => `${i === 0 ? '● ' : '  '}${i + 1}. ${label}`),
          '',
        ],
        width,
      ),
    );
  } else if (view.input !== null) {
    const maxRows = Math.max(1, Math.floor(size.height / 4));
    const draft = view.input === '' ? PLACEHOLDER : view.input;
    bottom.push(...boxed(prefixedRows(draft, '> ', inner).slice(-maxRows), width));
  }
  return composeFrame([view.title, ''], transcript, bottom, size);
}
