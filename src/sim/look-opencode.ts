// opencode's look (opencode 1.18.33, the opentui TUI): prompts and errors in "┃" gutter boxes,
// replies indented; the composer's gutter rows (the draft, or 'Ask anything… "Fix broken tests"',
// then "Build · Big Pickle OpenCode Zen"), its edge "╹▀▀▀", and under it the footer "tab agents
// ctrl+p commands" with "⬝⬝⬝■■■■■  esc interrupt" in front while busy. Words and layout from
// panes/opencode/captured-home-no-provider.txt (1.18.33) and generating-busy-bar.txt.
import type { TranscriptEntry } from './model.js';
import { composeFrame, frameWidth, prefixedRows } from './look-layout.js';
import type { LookView } from './looks.js';
import { LOOK_PROMPTS } from './look-prompts.js';
import type { ScreenSize } from './screen.js';

const GUTTER = '  ┃';
const PLACEHOLDER = 'Ask anything… "Fix broken tests"';
const AGENT_LINE = 'Build · Big Pickle OpenCode Zen';
const KEYS = 'tab agents  ctrl+p commands';
const BAR_CELLS = 8;

/** Zen's free-tier wall (binary @96735851, GO_UPSELL_MESSAGE): no reset time is named. */
export function opencodeBanner(): string {
  return 'Free usage exceeded, subscribe to Go';
}

/** The busy bar: a run of five "■" moving along eight cells, a step a second. */
export function opencodeBusyBar(seconds: number): string {
  const at = Math.max(0, Math.floor(seconds)) % BAR_CELLS;
  return Array.from({ length: BAR_CELLS }, (_, i) =>
    (i - at + BAR_CELLS) % BAR_CELLS < 5 ? '■' : '⬝',
  ).join('');
}

function gutterBox(text: string, width: number): string[] {
  return [GUTTER, ...prefixedRows(text, `${GUTTER}  `, width, `${GUTTER}  `), GUTTER];
}

function entryRows(entry: TranscriptEntry, width: number): string[] {
  switch (entry.kind) {
    case 'input':
    case 'error':
      return gutterBox(entry.text, width);
    case 'event':
    case 'raw':
      return prefixedRows(entry.text, '     ', width);
  }
}

function footer(width: number, busySeconds: number | null): string {
  const left = busySeconds === null ? '' : `   ${opencodeBusyBar(busySeconds)}  esc interrupt`;
  const gap = Math.max(2, width - Array.from(left).length - KEYS.length - 2);
  return `${left}${' '.repeat(gap)}${KEYS}`;
}

export function renderOpencode(view: LookView, size: ScreenSize): string[] {
  const width = frameWidth(size);
  const transcript = view.transcript.flatMap((entry) => [...entryRows(entry, width), '']);
  const bottom: string[] = [''];
  const dialog = view.prompt === null ? null : (LOOK_PROMPTS.opencode[view.prompt] ?? null);
  if (dialog !== null) {
    // The permission strip replaces the composer.
    bottom.push(
      ...dialog.lines.map((line) => `${GUTTER}  ${line}`),
      GUTTER,
      `${GUTTER}  ${dialog.options.join('   ')}`,
    );
  } else if (view.input !== null) {
    const maxRows = Math.max(1, Math.floor(size.height / 4));
    const draft = view.input === '' ? PLACEHOLDER : view.input;
    bottom.push(
      GUTTER,
      ...prefixedRows(draft, `${GUTTER}  `, width, `${GUTTER}  `).slice(-maxRows),
      GUTTER,
      `${GUTTER}  ${AGENT_LINE}`,
      `  ╹${'▀'.repeat(Math.max(4, width - 6))}`,
      footer(width, view.busySeconds),
    );
  }
  return composeFrame([view.title, ''], transcript, bottom, size);
}
