// A client's transcript rendered for people, one line per user message, assistant message, tool
// call (name and its main argument), tool result (its first line) and error, with local times and
// every terminal control sequence removed (an agent's text must not drive the reader's terminal).
import { stripVTControlCharacters } from 'node:util';
import { DateTime } from 'luxon';
import {
  entriesOf,
  type TranscriptClient,
  type TranscriptEntry,
} from '../evidence/transcript-entries.js';

export interface TranscriptLineOptions {
  /** The reader's zone. */
  readonly zone: string;
  /** Entries on another day than this instant (ms) show their date. */
  readonly today: number;
}

const TEXT_MAX = 240;
const RESULT_MAX = 160;
const ARGS_MAX = 120;
const LABEL_WIDTH = 9;

/** Control characters other than the newline and tab (after the escape sequences are gone). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text safe to print: no escape sequences or control characters. */
export function clean(text: string): string {
  return stripVTControlCharacters(text).replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

const shorten = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** All of a text on one line: runs of whitespace (newlines too) become one space. */
const oneLine = (text: string, max: number): string =>
  shorten(clean(text).replace(/\s+/g, ' ').trim(), max);

/** The first line that says something. */
const firstLine = (text: string, max: number): string => {
  const lines = clean(text)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const first = lines[0] ?? '';
  const more = lines.length > 1 ? ` (+${lines.length - 1} lines)` : '';
  return shorten(first, max) + more;
};

function timeOf(at: number | null, options: TranscriptLineOptions): string {
  if (at === null) return '        ';
  const time = DateTime.fromMillis(at, { zone: options.zone });
  const today = DateTime.fromMillis(options.today, { zone: options.zone });
  return time.toFormat(time.hasSame(today, 'day') ? 'HH:mm:ss' : 'LLL d HH:mm:ss');
}

const row = (at: number | null, label: string, text: string, options: TranscriptLineOptions) =>
  `${timeOf(at, options)}  ${label.padEnd(LABEL_WIDTH)} ${text}`.trimEnd();

/** The line for an entry, or null for bookkeeping. */
export function entryLine(entry: TranscriptEntry, options: TranscriptLineOptions): string | null {
  switch (entry.kind) {
    case 'user':
      return row(entry.at, 'user', oneLine(entry.text, TEXT_MAX), options);
    case 'assistant':
      return row(entry.at, 'assistant', oneLine(entry.text, TEXT_MAX), options);
    case 'tool': {
      const args = oneLine(entry.args, ARGS_MAX);
      return row(entry.at, 'tool', `${oneLine(entry.name, 60)}${args ? `  ${args}` : ''}`, options);
    }
    case 'result': {
      const text = firstLine(entry.text, RESULT_MAX);
      return row(entry.at, 'result', entry.isError ? `(failed) ${text}` : text, options);
    }
    case 'error':
      return row(entry.at, 'error', oneLine(entry.text, TEXT_MAX), options);
    case 'system':
      return row(entry.at, 'system', oneLine(entry.text, TEXT_MAX), options);
    case 'meta':
      return null;
  }
}

/** The entry as one JSON object for --json (times in ISO-8601, texts cleaned, kept whole). */
export function entryJson(entry: TranscriptEntry): string | null {
  if (entry.kind === 'meta') return null;
  const at = entry.at === null ? null : new Date(entry.at).toISOString();
  switch (entry.kind) {
    case 'user':
    case 'assistant':
    case 'system':
      return JSON.stringify({ at, kind: entry.kind, text: clean(entry.text) });
    case 'tool':
      return JSON.stringify({
        at,
        kind: entry.kind,
        name: clean(entry.name),
        args: clean(entry.args),
      });
    case 'result':
      return JSON.stringify({
        at,
        kind: entry.kind,
        text: clean(entry.text),
        isError: entry.isError,
      });
    case 'error':
      return JSON.stringify({ at, kind: entry.kind, text: clean(entry.text), code: entry.code });
  }
}

/**
 * A stateful renderer of transcript lines (JSONL records) into printable lines: it remembers the
 * keys it printed, so a record the client appends again as it grows (Gemini) is printed once.
 */
export function transcriptRenderer(
  client: TranscriptClient,
  format: (entry: TranscriptEntry) => string | null,
): (records: readonly string[]) => string[] {
  const printed = new Set<string>();
  return (records) => {
    const out: string[] = [];
    for (const record of records) {
      for (const { key, entry } of entriesOf(client, record)) {
        if (key !== null) {
          if (printed.has(key)) continue;
          if (printed.size > 100_000) printed.clear();
          printed.add(key);
        }
        const line = format(entry);
        if (line !== null) out.push(line);
      }
    }
    return out;
  };
}
