// The sim agent: a stand-in for Claude Code that `launch demo` and the end-to-end tests run in
// tmux. It draws a Claude-Code-like screen, reads typed lines and follows a script (see README).
// Started as: node dist/sim/agent.js --role <role> [--script <file>] [--look <client>] -- <kickoff>
//         or: node dist/sim/agent.js --role <role> [--script <file>] --resume <conversation id>
// `--look codex|gemini|opencode` draws that client's screen instead (see looks.ts).
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { Progress, SavedConversation, SimContext } from './model.js';
import {
  conversationFile,
  NO_CONVERSATION,
  readConversation,
  writeConversation,
} from './conversation-store.js';
import { SimDriver } from './driver.js';
import { performGit, createGitRunner } from './git-ops.js';
import { createHookRunner, loadHookTable, type HookRunner } from './hooks.js';
import { lookPromptKinds } from './looks.js';
import { parseSimOptions } from './options.js';
import { readProgress, writeProgress } from './progress-store.js';
import { conversationFor } from './restart.js';
import { loadSimScript, selectProgram } from './script-load.js';
import { simZone } from './texts.js';
import {
  cursorBelow,
  frameToAnsi,
  TERMINAL_RESTORE,
  TERMINAL_SETUP,
  terminalSize,
} from './terminal.js';

const EXIT_USAGE = 2;
/** Claude Code exits 1 when it cannot resume the conversation asked for. */
const EXIT_RUNTIME = 1;

/** Starts the agent; resolves with an exit code only when it cannot start. */
export function runAgent(argv: readonly string[]): number | 'running' {
  const parsed = parseSimOptions(argv, process.env);
  if (!parsed.ok) {
    process.stderr.write(`launch sim: ${parsed.error}\n`);
    return EXIT_USAGE;
  }
  const options = parsed.value;
  let script = null;
  if (options.scriptFile !== null) {
    const loaded = loadSimScript(options.scriptFile);
    if (!loaded.ok) {
      process.stderr.write(`launch sim: ${loaded.error}\n`);
      return EXIT_USAGE;
    }
    script = loaded.value;
  }
  const program = selectProgram(script, options.scriptFile ?? '', options.role, {
    id: options.phaseId,
    index: options.phaseIndex,
  });

  // A look draws only the dialogs its client has: asking it for another is a script error.
  const missing = program.steps.find(
    (step) => step.do === 'prompt' && !lookPromptKinds(options.look).includes(step.kind),
  );
  if (missing?.do === 'prompt') {
    process.stderr.write(
      `launch sim: the ${options.look} look has no ${missing.kind} prompt (it draws: ${lookPromptKinds(options.look).join(', ')})\n`,
    );
    return EXIT_USAGE;
  }

  const notices: string[] = [];
  let progress: Progress | null = null;
  if (options.logDir !== null) {
    const read = readProgress(options.logDir, options.session);
    if (read.ok) progress = read.value;
    else if (read.error.reason === 'corrupt')
      notices.push(`progress file unreadable (${read.error.detail}); starting the phase over`);
  } else {
    notices.push('LAUNCH_LOG_DIR is not set: a restart will start the script over');
  }

  let hooks: HookRunner | null = null;
  if (options.settingsFile !== null) {
    const table = loadHookTable(options.settingsFile);
    if (!table.ok) {
      process.stderr.write(`launch sim: ${table.error}\n`);
      return EXIT_USAGE;
    }
    if (program.signals) hooks = createHookRunner(table.value, { cwd: process.cwd() });
  }
  // A new conversation per start, unless `--resume <id>` names one it has (as Claude Code does).
  let resumed: SavedConversation | null = null;
  if (options.resumeId !== null) {
    const saved =
      options.logDir === null || program.quirks.refuseResume === true
        ? null
        : readConversation(options.logDir, options.resumeId);
    if (saved === null || !saved.ok) {
      process.stdout.write(`${NO_CONVERSATION} ${options.resumeId}\n`);
      return EXIT_RUNTIME;
    }
    resumed = saved.value;
  }
  const conversation = conversationFor(options.resumeId, randomUUID);
  const conversationId = conversation.id;
  const transcriptPath = conversationFile(options.logDir ?? tmpdir(), conversationId);
  const runHook = (event: string, fields: Readonly<Record<string, unknown>>) =>
    hooks?.run(event, {
      session_id: conversationId,
      transcript_path: transcriptPath,
      cwd: process.cwd(),
      permission_mode: 'bypassPermissions',
      hook_event_name: event,
      ...fields,
    });

  const zone = simZone(options.tz);
  const ctx: SimContext = {
    role: options.role,
    session: options.session,
    phaseId: options.phaseId,
    phaseIndex: options.phaseIndex,
    statusFile: options.statusFile,
    zone,
    steps: program.steps,
    quirks: program.quirks,
    source: program.source,
    kickoff: options.kickoff,
    notices,
    screen: program.screen,
    look: options.look,
    signals: hooks !== null,
    conversationId,
    resumed,
  };

  const { stdin, stdout } = process;
  // When tmux closes the pane, writes fail (EIO); SIGHUP follows and ends the process.
  stdout.on('error', () => undefined);
  const cwd = process.cwd();
  const git = createGitRunner(cwd, options.role);
  let finishing = false;
  const finish = (code: number) => {
    if (finishing) return;
    finishing = true;
    driver.stop();
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
    runHook('SessionEnd', { reason: 'other' });
    // The hooks queued last (SessionEnd) get a moment to run; a gone terminal must not hold us.
    const exit = () => void (hooks?.idle() ?? Promise.resolve()).finally(() => process.exit(code));
    stdout.write(TERMINAL_RESTORE + cursorBelow(terminalSize(stdout)), exit);
    setTimeout(() => process.exit(code), 1000).unref();
  };

  const driver = new SimDriver(ctx, progress, {
    now: () => Date.now(),
    size: () => terminalSize(stdout),
    draw: (lines) => {
      stdout.write(frameToAnsi(lines));
    },
    runGit: (request) =>
      performGit(request, {
        cwd,
        run: git,
        role: options.role,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        nowIso: () => DateTime.now().setZone(zone).toISO({ suppressMilliseconds: true }) ?? '',
      }),
    saveProgress: (next) => {
      if (options.logDir === null) return;
      try {
        writeProgress(options.logDir, options.session, next);
      } catch {
        // A full or read-only disk must not kill the agent; it only loses its place on a reboot.
      }
    },
    saveConversation: (saved) => {
      if (options.logDir === null) return;
      try {
        writeConversation(options.logDir, conversationId, saved);
      } catch {
        // As with progress: a full disk costs the resume, never the agent.
      }
    },
    exit: (code) => finish(code),
    hook: runHook,
    setTimer: (ms, fire) => {
      const handle = setTimeout(fire, ms);
      return { cancel: () => clearTimeout(handle) };
    },
    lineMode: !stdin.isTTY,
  });

  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.on('data', (chunk: string) => driver.feed(chunk));
  // In tmux stdin is a terminal and never ends. From a closed pipe no more lines can come; the
  // process then lives as long as the script has timed steps left, like any Node program.
  stdout.on('resize', () => driver.redraw());
  for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => finish(0));
  stdout.write(TERMINAL_SETUP);
  runHook('SessionStart', { source: conversation.source, model: 'sim' });
  driver.start();
  return 'running';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = runAgent(process.argv.slice(2));
  if (started !== 'running') process.exitCode = started;
}
