// `launch logs <role|watchdog> [-f] [-n N]`: an agent's pane log (terminal codes stripped unless
// --raw) or the watchdog's log rendered for people (--json for the raw lines); with --transcript,
// the agent's own transcript file (see logs-transcript.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stripTerminalControls } from '../../util/terminal-text.js';
import type { Command } from 'commander';
import { followFile, readLastLinesAcross } from '../../adapters/file-follower.js';
import type { Settings } from '../../config/fields.js';
import { ROLES, sessionName } from '../../config/roles.js';
import { CliError, EXIT_USAGE } from '../../util/errors.js';
import { resolveSettings, type CliDeps } from '../context.js';
import { transcriptLogs } from './logs-transcript.js';
import { closestWord } from '../../util/suggest.js';
import { splitRoleRef } from '../run-target.js';
import { teamNames } from '../../config/team.js';

export const WATCHDOG_LOG = 'watchdog.log';
const TARGETS = [...ROLES, 'watchdog'] as const;
/** A role of the team (any configured name) or `watchdog`. */
type Target = string;

export function logFileFor(settings: Settings, target: Target): string {
  return target === 'watchdog'
    ? join(settings.logDir, WATCHDOG_LOG)
    : join(settings.logDir, `${sessionName(settings, target)}.log`);
}

/** Cursor moves end a row on screen; in the log they become line breaks. */
const CURSOR_MOVE = /\u001b\[\d*(?:;\d*)?[HfABEFG]|\u001b\[\d*[dJ]/g;
/** Rows that are only box drawing (input box rules) say nothing. */
const RULE_ONLY = /^[\s─━│┃╭╮╰╯═-]*$/;

/**
 * Turns a pane log (a terminal byte stream full of repaints) into a readable transcript: one line
 * per screen row, terminal codes gone, and a row that was already printed recently (the same
 * screen repainted) skipped. Stateful across calls, so `-f` keeps deduplicating.
 */
export function paneTranscript(window = 120): (text: string) => string {
  const recent: string[] = [];
  const seen = new Map<string, number>();
  const remember = (line: string): void => {
    recent.push(line);
    seen.set(line, (seen.get(line) ?? 0) + 1);
    if (recent.length > window) {
      const old = recent.shift() ?? '';
      const count = (seen.get(old) ?? 1) - 1;
      if (count === 0) seen.delete(old);
      else seen.set(old, count);
    }
  };
  return (text) => {
    const rows = stripTerminalControls(text.replace(CURSOR_MOVE, '\n'), {
      keepNewlines: true,
    }).split('\n');
    let out = '';
    for (const raw of rows) {
      const line = raw.trimEnd();
      if (line.trim() === '' || RULE_ONLY.test(line) || seen.has(line)) continue;
      remember(line);
      out += `${line}\n`;
    }
    return out;
  };
}

interface LogsOptions {
  readonly follow?: boolean;
  readonly lines: string | number;
  readonly json?: boolean;
  readonly raw?: boolean;
  readonly transcript?: boolean;
}

async function logs(
  deps: CliDeps,
  command: Command,
  targetRef: string,
  options: LogsOptions,
): Promise<void> {
  // `shop:builder`: the builder of the run named shop, from any folder.
  const { role: target, run } = splitRoleRef(targetRef);
  // A configured team's role names come from the settings; the defaults need none.
  const known: readonly string[] = (TARGETS as readonly string[]).includes(target)
    ? TARGETS
    : [
        ...teamNames(resolveSettings(deps, command, { usePersisted: true, run }).settings),
        'watchdog',
      ];
  if (!known.includes(target)) {
    const guess = closestWord(target, known);
    throw new CliError(
      `unknown log "${target}"${guess ? ` (did you mean ${guess}?)` : ''}; expected one of ${known.join(', ')}`,
      EXIT_USAGE,
    );
  }
  const count = Number(options.lines);
  if (!Number.isInteger(count) || count < 0) {
    throw new CliError(
      `-n must be a whole number of lines, got ${JSON.stringify(options.lines)}`,
      EXIT_USAGE,
    );
  }
  if (options.transcript && (target === 'watchdog' || options.raw)) {
    throw new CliError(
      target === 'watchdog'
        ? `--transcript is for an agent (${ROLES.join(', ')}), not the watchdog`
        : '--transcript and --raw cannot be used together',
      EXIT_USAGE,
    );
  }
  const { settings } = resolveSettings(deps, command, { usePersisted: true, run });
  if (options.transcript) {
    await transcriptLogs(deps, settings, target, {
      follow: options.follow === true,
      lines: count,
      json: options.json === true,
    });
    return;
  }
  const file = logFileFor(settings, target);
  if (!existsSync(file) && !options.follow) {
    throw new CliError(
      `${file} does not exist yet; has \`launch start\` run with this log dir?`,
      EXIT_USAGE,
    );
  }
  const render = await renderer(target === 'watchdog', options);
  // A pane log's "lines" are repaints: read generously, then keep the last N transcript lines
  // (from the rotated file too, right after a rotation).
  const { text, end } = readLastLinesAcross(file, target === 'watchdog' ? count : count * 50);
  const rendered = render(text)
    .split('\n')
    .filter((line) => line !== '');
  deps.io.out(
    rendered
      .slice(-count)
      .map((line) => `${line}\n`)
      .join(''),
  );
  if (!options.follow) return;

  let pending = '';
  const follower = followFile(file, end, (chunk) => {
    const complete = pending + chunk;
    const cut = complete.lastIndexOf('\n') + 1;
    pending = complete.slice(cut);
    if (cut > 0) deps.io.out(render(complete.slice(0, cut)));
  });
  await new Promise<void>((resolve) => {
    const finish = (): void => resolve();
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
  await follower.close();
}

async function renderer(
  isWatchdog: boolean,
  options: LogsOptions,
): Promise<(text: string) => string> {
  if (isWatchdog && !options.json) {
    // Loaded here: only the watchdog log needs it (it is slow to load).
    const { prettyFactory } = await import('pino-pretty');
    // One line per entry: the message already says what the event's fields say.
    const pretty = prettyFactory({
      colorize: false,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      hideObject: true,
    });
    return (text) =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          try {
            return pretty(JSON.parse(line) as Record<string, unknown>);
          } catch {
            return `${line}\n`;
          }
        })
        .join('');
  }
  return options.raw || isWatchdog ? (text) => text : paneTranscript();
}

export function registerLogs(program: Command, deps: CliDeps): void {
  program
    .command('logs')
    .description(
      'print or follow a log: builder, adversary, orchestrator (pane output) or watchdog',
    )
    .argument('<log>', `${TARGETS.join(' | ')}, or run:${TARGETS[0]} for a run elsewhere`)
    .option('-f, --follow', 'keep printing what is appended')
    .option(
      '-n, --lines <n>',
      'lines to print first',
      (value: string): string | number => value,
      40,
    )
    .option('--json', 'watchdog: the raw JSON lines; --transcript: one JSON object per entry')
    .option('--raw', 'agents: the pane output with its terminal codes')
    .option(
      '--transcript',
      "agents: the client's own transcript (messages, tool calls, results, errors), one line each",
    )
    .action(async (target: string, options: LogsOptions, command: Command) =>
      logs(deps, command, target, options),
    );
}
