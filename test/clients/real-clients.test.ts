// Opt-in (`npm run test:clients`): the current releases of the four real clients, no credentials,
// on a private tmux socket. What launch reads on their live first screens, and what a short
// `launch start` does with them. Figures go to the console and to <clients dir>/report.json.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RealClient } from '../../src/screen/checked-versions.js';
import { makeRig, ofType, type Rig } from '../helpers/launch-rig.js';
import { runLaunch } from '../helpers/run-launch.js';
import { waitFor } from '../helpers/wait-for.js';
import {
  BIN_VARIABLES,
  ensureClients,
  installedClients,
  type InstalledClient,
} from './install-clients.js';
import { watchFirstScreen, type LiveScreen } from './live-screen.js';
import { startOpencodeServer, type OpencodeServer } from './opencode-server.js';

/**
 * Whether each client's no-credentials first screen is its known UI: opencode shows its composer;
 * Claude Code cannot reach its API and exits, Codex shows its sign-in menu, Gemini CLI its
 * authentication wait and trust dialog — none of them an input box; those are `needs-input`
 * (the prompt reading, src/screen/prompt.ts).
 */
const RECOGNISED: Readonly<Record<RealClient, boolean>> = {
  claude: false,
  codex: false,
  gemini: false,
  opencode: true,
};

/** The state each first screen reads as: a sign-in or trust screen waits for a person. */
const FIRST_STATE: Readonly<Record<RealClient, string>> = {
  claude: 'unrecognised',
  codex: 'needs-input',
  gemini: 'needs-input',
  opencode: 'idle',
};

/** How long `launch start` is watched: several stall windows at the short intervals below. */
const RUN_MS = 60_000;
const STALL_IDLE_S = 10;

const reading = z.object({
  active: z.boolean(),
  limited: z.boolean(),
  fatal: z.boolean(),
  recognised: z.boolean(),
  matched: z.string().nullable(),
  // launch classify --evidence: the state the watchdog would see, and each source's verdict.
  state: z.string(),
  evidence: z.array(z.object({ source: z.string(), verdict: z.string() })),
});

const status = z.object({
  sessions: z.array(z.object({ role: z.string(), running: z.boolean(), state: z.string() })),
});

interface Figures {
  version: string;
  bin: string;
  firstDrawSeconds: number | null;
  exitedSeconds: number | null;
  frames: number;
  reading?: z.infer<typeof reading>;
  run?: {
    startExit: number;
    startSaid: string[];
    seconds: number;
    sessionStarted: number;
    restarts: Record<string, number>;
    states: Record<string, string>;
    events: string[];
  };
}

let dir = '';
let clients: InstalledClient[] = [];
const report: Record<string, Figures> = {};

beforeAll(async () => {
  const ensured = await ensureClients();
  dir = ensured.dir;
  clients = installedClients(dir);
}, 20 * 60_000);

afterAll(() => {
  if (dir === '') return;
  const text = JSON.stringify(report, null, 2);
  console.log(`real clients:\n${text}`);
  try {
    writeFileSync(join(dir, 'report.json'), `${text}\n`);
  } catch {
    // A read-only LAUNCH_TEST_CLIENTS_DIR: the console copy is enough.
  }
});

describe.each(['claude', 'codex', 'gemini', 'opencode'] as const)('%s', (name) => {
  const client = () => {
    const found = clients.find((entry) => entry.client === name);
    if (!found) throw new Error(`${name} is not installed in ${dir}`);
    return found;
  };
  let screen: LiveScreen | null = null;

  it('its live first screen reads as not working and not limited, recognised as expected', async () => {
    const { version, bin } = client();
    screen = await watchFirstScreen(bin, { deadlineMs: 90_000, settleMs: 6_000 });
    const figures: Figures = {
      version,
      bin,
      firstDrawSeconds: screen.firstDrawSeconds,
      exitedSeconds: screen.exitedSeconds,
      frames: screen.frames,
    };
    report[name] = figures;
    expect(screen.firstDrawSeconds, `${name} drew nothing`).not.toBeNull();
    const classified = await runLaunch(['classify', '--backend', name, '--evidence'], {
      cwd: dir,
      input: screen.pane,
    });
    expect(classified.exitCode, classified.stderr).toBe(0);
    const read = reading.parse(JSON.parse(classified.stdout));
    figures.reading = read;
    expect(read.active, screen.pane).toBe(false);
    expect(read.limited, screen.pane).toBe(false);
    expect(read.fatal, screen.pane).toBe(false);
    expect(read.recognised, screen.pane).toBe(RECOGNISED[name]);
    // A sign-in / trust screen waits for a person; one no dialect knows is unrecognised (a safe
    // state), never a guess of "idle".
    if (!RECOGNISED[name]) expect(read.state, screen.pane).toBe(FIRST_STATE[name]);
  }, 120_000);

  describe('launch start', () => {
    let rig: Rig | null = null;
    let server: OpencodeServer | null = null;
    afterAll(async () => {
      await server?.stop();
      // The clients' helper processes can outlive `launch stop` by a moment; a leftover temp
      // folder is not a test result.
      await rig?.dispose().catch(async () => {
        await new Promise((done) => setTimeout(done, 3_000));
        if (rig)
          rmSync(rig.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
      });
    }, 90_000);

    it('does not reboot a session in a loop while it sits at its first screen', async () => {
      const { bin } = client();
      rig = await makeRig({
        script: {},
        phases: ['p1'],
        config: {
          backend: name,
          stallIdle: STALL_IDLE_S,
          opencodeStallIdle: STALL_IDLE_S,
          stallGrace: 2,
          opencodeLogGrace: 2,
        },
      });
      const extra: Record<string, string> = {};
      if (name === 'opencode') {
        server = await startOpencodeServer(bin, rig.root);
        extra.OPENCODE_SERVER = server.url;
      }
      const started = await runLaunch(['start'], {
        cwd: rig.plan,
        env: { ...rig.env, [BIN_VARIABLES[name]]: bin, ...extra },
        timeoutMs: 120_000,
      });
      // Recorded, not asserted: a start whose kickoff cannot be delivered (no ready prompt on a
      // login screen) exits 1 but leaves the watchdog running, which is what is watched here.
      const startExit = started.exitCode;
      const startSaid = `${started.stdout}\n${started.stderr}`.trim().split('\n').slice(-3);
      const t0 = Date.now();
      const current = rig;
      await waitFor('watchdog-started', () => ofType(current.events(), 'watchdog-started')[0], {
        timeoutMs: 120_000,
        intervalMs: 500,
        describe: current.describe,
      });
      await new Promise((done) => setTimeout(done, RUN_MS));
      const events = current.events();
      const restarts: Record<string, number> = {};
      for (const event of ofType(events, 'session-restarted')) {
        const key = `${event.role ?? '?'}:${String(event.reason ?? '?')}`;
        restarts[key] = (restarts[key] ?? 0) + 1;
      }
      const shown = await current.launch(['status', '--json']);
      const states: Record<string, string> = {};
      if (shown.exitCode === 0) {
        for (const session of status.parse(JSON.parse(shown.stdout)).sessions)
          states[session.role] = `${session.state}${session.running ? '' : ' (not running)'}`;
      }
      const figures =
        report[name] ??
        (report[name] = {
          version: client().version,
          bin,
          firstDrawSeconds: null,
          exitedSeconds: null,
          frames: 0,
        });
      figures.run = {
        startExit,
        startSaid,
        seconds: Math.round((Date.now() - t0) / 1000),
        sessionStarted: ofType(events, 'session-started').length,
        restarts,
        states,
        events: events
          .filter((event) => event.type !== 'handoff-baseline')
          .slice(-30)
          .map((event) =>
            `${event.ts.slice(11, 19)} ${event.role ?? ''} ${event.type} ${String(event.reason ?? '')}`.trim(),
          ),
      };
      // A client that exits (Claude Code offline) is restarted as `dead` until the crash guard
      // backs off; that bound must hold. A client that sits at its first screen must not be
      // stall-rebooted in a loop: one stall verdict in a minute may be genuine, more is a loop.
      const dead = ofType(events, 'session-restarted').filter((event) => event.reason === 'dead');
      if (dead.length > 2)
        expect(
          ofType(events, 'backoff-entered').length,
          'dead restarts without a back-off',
        ).toBeGreaterThan(0);
      for (const role of ['builder', 'adversary'] as const) {
        const stalls = restarts[`${role}:stall`] ?? 0;
        expect(
          stalls,
          `${name} ${role} was stall-rebooted ${stalls} times in ${figures.run.seconds} s at its first screen: ${JSON.stringify(restarts)}`,
        ).toBeLessThanOrEqual(1);
        // A sign-in or trust screen is `needs-input`: reported (and notified) per prompt, never
        // stall-rebooted, and never answered or restarted by launch when it is authentication.
        if (FIRST_STATE[name] === 'needs-input') {
          expect(stalls, `${name} ${role} stall-rebooted at a prompt`).toBe(0);
          const asked = ofType(events, 'needs-input', role);
          expect(asked.length, `${name} ${role}: no needs-input line`).toBeGreaterThanOrEqual(1);
          // Gemini CLI shows its authentication wait, then its trust dialog: two prompts.
          expect(asked.length, `${name} ${role}: needs-input repeated`).toBeLessThanOrEqual(2);
          expect(restarts[`${role}:needs-input-deadline`] ?? 0).toBe(0);
        }
      }
    }, 480_000);
  });
});
