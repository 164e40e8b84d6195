// Loads the pane fixture corpus: test/fixtures/panes/<backend>/<name>.txt, each a JSON header (the
// source, the clock and zone to classify at, the expected reading) then `=== pane ===` and the pane.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BACKENDS, type Backend } from '../../src/config/fields.js';
import type { PromptReading } from '../../src/screen/prompt.js';
import type { PaneReading } from '../../src/screen/types.js';

export const PANES_DIR = new URL('../fixtures/panes/', import.meta.url).pathname;
export const PANE_SEPARATOR = '=== pane ===\n';

const readingSchema = z.strictObject({
  active: z.boolean(),
  limited: z.boolean(),
  resetAt: z.string().nullable(),
  resetSource: z.enum(['time-with-zone', 'time-local', 'date', 'epoch', 'duration']).nullable(),
  fatal: z.boolean(),
  waitingUntil: z.string().nullable(),
  matched: z.string().nullable(),
  /** Optional: whether the dialect recognises the screen (checked when given). */
  recognised: z.boolean().optional(),
});

/** "claude 2.1.197": the client and version a captured or bundle-taken fixture came from. */
export const CLIENT_TAG = /^(claude|codex|gemini|opencode) (\d+\.\d+\.\d+(?:[-+][\w.]+)?)$/;

const headerSchema = z
  .strictObject({
    /**
     * Where the text comes from: an issue/PR/file URL; "composed: ..." for cases built around one;
     * "captured: <client> <version> in tmux, ..." for a real client's screen; "bundle: <client>
     * <version>: <how found>" for a text taken from the shipped client.
     */
    source: z.string().min(1),
    /** The real client and version ("claude 2.1.197"); required for captured and bundle sources. */
    client: z.string().regex(CLIENT_TAG).optional(),
    note: z.string().optional(),
    now: z.iso.datetime({ offset: true }),
    zone: z.string().min(1),
    /** Optional: what isReady() must say for this pane. */
    ready: z.boolean().optional(),
    expect: readingSchema,
    /** What the `prompt` reading must say (src/screen/prompt.ts); absent: no prompt on screen. */
    prompt: z
      .strictObject({
        kind: z.enum(['permission', 'trust', 'selection', 'auth']),
        question: z.string(),
        options: z.array(z.string()),
        selected: z.number().int().positive().nullable(),
      })
      .optional(),
  })
  .refine(
    (header) =>
      !/^(?:captured|bundle):/.test(header.source) ||
      (header.client !== undefined && header.source.includes(header.client)),
    {
      message:
        'a captured or bundle fixture needs "client" ("claude 2.1.197"), named in its source',
    },
  );

export interface PaneFixture {
  readonly backend: Backend;
  readonly name: string;
  readonly file: string;
  readonly source: string;
  /** The real client and version the fixture came from, or undefined (an issue text, composed). */
  readonly client: string | undefined;
  readonly now: Date;
  readonly zone: string;
  readonly ready: boolean | undefined;
  readonly expect: Omit<PaneReading, 'recognised'> & { readonly recognised?: boolean };
  readonly pane: string;
  /** The expected prompt reading; null when the screen asks nothing. */
  readonly prompt: PromptReading | null;
}

export function loadPaneFixtures(): PaneFixture[] {
  const fixtures: PaneFixture[] = [];
  for (const backend of BACKENDS) {
    let names: string[];
    try {
      names = readdirSync(join(PANES_DIR, backend)).filter((name) => name.endsWith('.txt'));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const file = join(PANES_DIR, backend, name);
      const text = readFileSync(file, 'utf8');
      const at = text.indexOf(PANE_SEPARATOR);
      if (at < 0) throw new Error(`${file}: no "${PANE_SEPARATOR.trim()}" line`);
      const header = headerSchema.safeParse(JSON.parse(text.slice(0, at)));
      if (!header.success) throw new Error(`${file}: ${header.error.message}`);
      fixtures.push({
        backend,
        name: name.replace(/\.txt$/, ''),
        file,
        source: header.data.source,
        client: header.data.client,
        now: new Date(header.data.now),
        zone: header.data.zone,
        ready: header.data.ready,
        expect: header.data.expect,
        pane: text.slice(at + PANE_SEPARATOR.length),
        prompt: header.data.prompt ?? null,
      });
    }
  }
  return fixtures;
}
