// `launch logs <role> --transcript [-f] [-n N] [--json]`: the agent's own transcript file (Claude
// Code's session JSONL, Codex's rollout, Gemini's chat file), one readable line per message, tool
// call, result and error; -f follows it and moves to a newer transcript when the session restarts.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { followFile, readLastLines, type Follower } from '../../adapters/file-follower.js';
import { readState } from '../../adapters/state-store.js';
import type { Settings } from '../../config/fields.js';
import { roleDir, sessionName, type Role } from '../../config/roles.js';
import { roleBackend } from '../../agents/role-client.js';
import { tailLines } from '../../evidence/transcript.js';
import type { TranscriptClient } from '../../evidence/transcript-entries.js';
import {
  locateTranscript,
  newLocateCache,
  type LocateInput,
  type Located,
} from '../../evidence/transcript-locate.js';
import { signalLineSchema, signalsFile } from '../../evidence/types.js';
import { CliError, EXIT_RUNTIME } from '../../util/errors.js';
import { limitZone, type CliDeps } from '../context.js';
import { entryJson, entryLine, transcriptRenderer } from '../transcript-lines.js';

export interface TranscriptLogsOptions {
  readonly follow: boolean;
  readonly lines: number;
  readonly json: boolean;
}

/** How often -f looks for a newer transcript (a restarted session, a /clear). */
const FOLLOW_RESCAN_MS = 2_000;
/** The most read from the end of a transcript to find the last N lines. */
const MAX_TAIL_BYTES = 16 * 1024 * 1024;

/** The newest transcript path the session's SessionStart signal named since it started. */
function signalledPath(settings: Settings, role: Role, startedAt: number | null): string | null {
  const { text } = readLastLines(
    signalsFile(settings.logDir, sessionName(settings, role)),
    500,
    256 * 1024,
  );
  let path: string | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const signal = signalLineSchema.safeParse(value);
    if (!signal.success || signal.data.event !== 'session-start' || !signal.data.transcriptPath)
      continue;
    const at = Date.parse(signal.data.ts);
    if (startedAt !== null && !Number.isNaN(at) && at < startedAt) continue;
    path = signal.data.transcriptPath;
  }
  return path;
}

/** What locates the role's transcript now: its start from state.json, its SessionStart signal. */
function locateInput(deps: CliDeps, settings: Settings, role: Role): LocateInput {
  const state = readState(settings.logDir);
  const startedIso = state.ok ? (state.value.sessions[role]?.startedAt ?? null) : null;
  const parsed = startedIso === null ? Number.NaN : Date.parse(startedIso);
  const startedAt = Number.isNaN(parsed) ? null : parsed;
  // The role's own client: in a mixed team the Adversary's transcript is Codex's, not Claude's.
  const backend = roleBackend(settings, role);
  return {
    backend,
    workdir: roleDir(settings, role),
    sessionStartedAt: startedAt,
    hintPath: backend === 'claude' ? signalledPath(settings, role, startedAt) : null,
    env: {
      HOME: deps.env.HOME,
      CLAUDE_CONFIG_DIR: deps.env.CLAUDE_CONFIG_DIR,
      CODEX_HOME: deps.env.CODEX_HOME,
      GEMINI_CLI_HOME: deps.env.GEMINI_CLI_HOME,
    },
  };
}

type Render = (records: readonly string[]) => string[];

/** The last `count` rendered lines of a transcript (reading more of its end until there are enough). */
function lastLines(
  file: string,
  render: () => Render,
  count: number,
): { lines: string[]; end: number; renderer: Render } {
  let renderer = render();
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { lines: [], end: 0, renderer };
  }
  try {
    const size = fstatSync(fd).size;
    let bytes = 256 * 1024;
    for (;;) {
      renderer = render();
      const { lines } = tailLines(fd, size, bytes);
      const rendered = renderer(lines);
      if (rendered.length >= count || bytes >= size || bytes >= MAX_TAIL_BYTES)
        return { lines: count === 0 ? [] : rendered.slice(-count), end: size, renderer };
      bytes *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

export async function transcriptLogs(
  deps: CliDeps,
  settings: Settings,
  role: Role,
  options: TranscriptLogsOptions,
): Promise<void> {
  const zone = limitZone(settings, deps.env);
  const cache = newLocateCache();
  const located = locateTranscript(locateInput(deps, settings, role), cache, deps.now().getTime());
  if (located.kind === 'absent')
    throw new CliError(
      `no transcript for ${role} (${settings.backend}): ${located.reason}`,
      EXIT_RUNTIME,
    );

  const renderFor = (client: TranscriptClient) => (): Render =>
    transcriptRenderer(client, (entry) =>
      options.json ? entryJson(entry) : entryLine(entry, { zone, today: deps.now().getTime() }),
    );
  const print = (lines: readonly string[]): void => {
    if (lines.length > 0) deps.io.out(lines.map((line) => `${line}\n`).join(''));
  };
  const first = lastLines(located.file, renderFor(located.client), options.lines);
  print(first.lines);
  if (!options.follow) return;

  let current: Extract<Located, { kind: 'found' }> = located;
  // The follower of the current file (replaced when a newer transcript appears).
  const live: { follower: Follower | null } = { follower: null };
  const follow = (file: string, from: number, renderer: Render): void => {
    let pending = '';
    live.follower = followFile(file, from, (chunk) => {
      const complete = pending + chunk;
      const cut = complete.lastIndexOf('\n') + 1;
      pending = complete.slice(cut);
      if (cut > 0) print(renderer(complete.slice(0, cut).split('\n')));
    });
  };
  follow(located.file, first.end, first.renderer);

  // A restarted session writes a new transcript: move to it and print it from its start.
  let switching = false;
  const timer = setInterval(() => {
    if (switching) return;
    const next = locateTranscript(
      locateInput(deps, settings, role),
      cache,
      deps.now().getTime(),
      FOLLOW_RESCAN_MS,
    );
    if (next.kind !== 'found' || next.file === current.file) return;
    switching = true;
    const old = live.follower;
    current = next;
    void (async () => {
      if (old) await old.close();
      if (!options.json) print([`── now following ${next.file}`]);
      follow(next.file, 0, renderFor(next.client)());
      switching = false;
    })();
  }, FOLLOW_RESCAN_MS);

  await new Promise<void>((resolve) => {
    const finish = (): void => resolve();
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
  clearInterval(timer);
  if (live.follower) await live.follower.close();
}
