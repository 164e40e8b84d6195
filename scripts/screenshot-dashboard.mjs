#!/usr/bin/env node
// Takes the README's dashboard screenshots with real Chromium, the way the browser tests drive it:
// a throw-away run (temp git world, plan dir, the sim backend on a private tmux socket, HTTP on a
// free port) opened through the one-time link of `launch status --url`, photographed while live
// (docs/dashboard-live.png) and again after `launch stop` (docs/dashboard-stopped.png); and
// `launch status` of the same live run, run on a real terminal (a tmux pane, so it is coloured as
// a person sees it) and drawn in Chromium (docs/status.png).
// Usage: npm run build && node scripts/screenshot-dashboard.mjs   (needs /usr/bin/chromium)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { chromium } from 'playwright-core';
import { createGitWorld } from '../dist/demo/git-world.js';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium-flags.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const LAUNCH = join(ROOT, 'bin', 'launch');
const DOCS = join(ROOT, 'docs');
const IDENTITY = {
  GIT_AUTHOR_NAME: 'launch screenshot',
  GIT_AUTHOR_EMAIL: 'screenshot@launch.invalid',
  GIT_COMMITTER_NAME: 'launch screenshot',
  GIT_COMMITTER_EMAIL: 'screenshot@launch.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

/** A run with a little of everything the page colours: handoffs, a limit, a dead pane's restart. */
const SCRIPT = {
  builder: {
    steps: [
      { do: 'work', seconds: 3, note: 'building the cache layer' },
      {
        do: 'commit',
        subject: 'claim(gate-1): cache layer ready',
        files: [{ path: 'cache.txt', text: 'cache\n' }],
        push: true,
      },
      { do: 'work', seconds: 2, note: 'wiring the cache into the API' },
      { do: 'limit', resetSeconds: 2400 },
    ],
  },
  adversary: {
    steps: [
      { do: 'work', seconds: 2, note: 'reading the plan' },
      { do: 'exit', code: 3, note: 'fatal: lost the connection to the review service' },
      { do: 'work', seconds: 2, note: 'reviewing gate-1' },
      { do: 'declare-wait', seconds: 1800, note: 'waiting for the next claim' },
    ],
  },
};

/** The pane's SGR colours (what `launch status` uses: bold, dim and the 8 basic colours) as HTML. */
const SGR_COLOURS = [
  '#1e1e1e',
  '#e06c75',
  '#98c379',
  '#e5c07b',
  '#61afef',
  '#c678dd',
  '#56b6c2',
  '#dcdfe4',
];
function paneHtml(text) {
  const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let style = {};
  let html = '';
  for (const part of text.split(/(\x1b\[[0-9;]*m)/)) {
    const sgr = /^\x1b\[([0-9;]*)m$/.exec(part);
    if (!sgr) {
      const css = [
        style.fg ? `color:${style.fg}` : '',
        style.bold ? 'font-weight:bold' : '',
        style.dim ? 'opacity:.6' : '',
      ].filter(Boolean);
      html += css.length ? `<span style="${css.join(';')}">${escape(part)}</span>` : escape(part);
      continue;
    }
    for (const code of (sgr[1] || '0').split(';').map(Number)) {
      if (code === 0) style = {};
      else if (code === 1) style = { ...style, bold: true };
      else if (code === 2) style = { ...style, dim: true };
      else if (code === 22) style = { ...style, bold: false, dim: false };
      else if (code >= 30 && code <= 37) style = { ...style, fg: SGR_COLOURS[code - 30] };
      else if (code >= 90 && code <= 97) style = { ...style, fg: SGR_COLOURS[code - 90] };
      else if (code === 39) style = { ...style, fg: undefined };
    }
  }
  return `<html><body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:16px;color:#dcdfe4;font:14px/1.35 'DejaVu Sans Mono',monospace">${html}</pre></body></html>`;
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(250);
  }
}

const root = mkdtempSync(join(tmpdir(), 'launch-shot-'));
const socket = `launch-shot-${process.pid}-${randomBytes(4).toString('hex')}`;
const plan = join(root, 'shop-plan');
const logDir = join(plan, '.launch');
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: root,
  XDG_STATE_HOME: join(root, 'state'),
  LANG: 'C.UTF-8',
  TZ: process.env.TZ ?? 'UTC',
  LAUNCH_TMUX_SOCKET: socket,
  SESSION_PREFIX: 'shop',
  ...IDENTITY,
};
const launch = (args) =>
  execa(LAUNCH, args, { cwd: plan, env, extendEnv: false, reject: false, timeout: 120_000 });
const events = () =>
  readFileSync(join(logDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

let context = null;
let profile = null;
try {
  const world = await createGitWorld({ root, env: IDENTITY });
  if (!world.ok) throw new Error(world.error);
  mkdirSync(plan, { recursive: true });
  const init = await launch(['init', plan]);
  if (init.exitCode !== 0) throw new Error(`launch init: ${init.stderr}`);
  const phases = ['p1', 'p2', 'p3'];
  writeFileSync(
    join(plan, 'phases', 'phases.json'),
    JSON.stringify(phases.map((id) => ({ id, plan: `plan-${id}.md`, status: `STATUS-${id}.md` }))),
  );
  for (const id of phases) writeFileSync(join(plan, 'phases', `plan-${id}.md`), `# plan ${id}\n`);
  writeFileSync(join(root, 'sim-script.json'), JSON.stringify(SCRIPT, null, 2));
  writeFileSync(
    join(plan, 'launch.config.json'),
    JSON.stringify(
      {
        backend: 'sim',
        signalInterval: 0.5,
        watchInterval: 1,
        stallIdle: 30,
        stallGrace: 5,
        limitResetSlack: 45,
        watchOrchestrator: false,
        builderDir: world.value.builder,
        advDir: world.value.adversary,
        logDir,
        simScript: join(root, 'sim-script.json'),
        httpPort: 0,
      },
      null,
      2,
    ),
  );
  const start = await launch(['start']);
  if (start.exitCode !== 0) throw new Error(`launch start: ${start.stderr}`);
  process.stdout.write(`${start.stdout}\n`);
  await until(
    'the limit and the restart',
    () => {
      const seen = events();
      return (
        seen.some((event) => event.type === 'limit-armed') &&
        seen.some((event) => event.type === 'session-restarted' && event.reason === 'dead')
      );
    },
    120_000,
  );
  await wait(3000);

  const url = await launch(['status', '--url']);
  if (url.exitCode !== 0) throw new Error(`launch status --url: ${url.stderr}`);
  const link = url.stdout.split('\n')[0];
  profile = mkdtempSync(join(tmpdir(), 'launch-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 1050 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(link);
  await page.locator('.session[data-role="builder"] .state').waitFor();
  await until('the panes', async () =>
    /limit/i.test((await page.textContent('.session[data-role="builder"] pre')) ?? ''),
  );
  mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: join(DOCS, 'dashboard-live.png') });

  // `launch status` on a real terminal: a pane of the run's own tmux server, the run's environment.
  const tmux = (args) => execa('tmux', ['-L', socket, ...args], { reject: false });
  // The pane stays after `launch status` exits (remain-on-exit, set before it runs), so its
  // output can be read; tmux's own "Pane is dead" line is left out of the picture.
  const environment = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  await tmux([
    'new-session',
    '-d',
    '-s',
    'shot-status',
    '-x',
    '150',
    '-y',
    '40',
    '-c',
    plan,
    'cat',
  ]);
  await tmux(['set-option', '-t', 'shot-status', 'remain-on-exit', 'on']);
  await tmux([
    'respawn-pane',
    '-k',
    '-t',
    'shot-status',
    '-c',
    plan,
    ...environment,
    LAUNCH,
    'status',
  ]);
  const statusText = await until('launch status in its pane', async () => {
    const shot = await tmux(['capture-pane', '-p', '-e', '-S', '-', '-t', 'shot-status']);
    return /ROLE/.test(shot.stdout) && /recent/.test(shot.stdout) ? shot.stdout : null;
  });
  const terminal = await context.newPage();
  await terminal.setViewportSize({ width: 1180, height: 440 });
  const shown = statusText.replace(/\n.*Pane is dead.*/, '').replace(/\s+$/, '\n');
  await terminal.setContent(paneHtml(shown));
  await terminal.screenshot({ path: join(DOCS, 'status.png'), fullPage: true });
  await terminal.close();
  await tmux(['kill-session', '-t', 'shot-status']);

  const stop = await launch(['stop']);
  if (stop.exitCode !== 0) throw new Error(`launch stop: ${stop.stderr}`);
  await page.locator('#ended').waitFor({ state: 'visible', timeout: 30_000 });
  await wait(500);
  await page.screenshot({ path: join(DOCS, 'dashboard-stopped.png') });
  process.stdout.write(
    'wrote docs/status.png, docs/dashboard-live.png and docs/dashboard-stopped.png\n',
  );
} finally {
  await context?.close();
  if (profile !== null) rmSync(profile, { recursive: true, force: true });
  await launch(['stop']);
  await execa('tmux', ['-L', socket, '-f', '/dev/null', 'kill-server'], { reject: false });
  rmSync(root, { recursive: true, force: true });
}
