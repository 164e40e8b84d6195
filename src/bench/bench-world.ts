// One benchmark world: a bare origin, the Builder's and the Adversary's clones, a plan dir with a
// long phase sequence, the sim agent idling in both sessions, and `launch start` on a private tmux
// socket with the default intervals. Trials push a claim from the Builder's clone or append a DONE
// line, and time what the user would see: the ping in the Adversary's pane, the next phase's
// kickoff in the Builder's. stop() removes everything the world created.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { readEvents } from '../adapters/ledger.js';
import { createTmux, type Tmux } from '../adapters/tmux.js';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { sessionName, type Role } from '../config/roles.js';
import { dialectFor } from '../screen/dialects.js';
import { packagePath } from '../util/package-root.js';
import { PING_CLAIM, typedPrefix } from '../watchdog/messages.js';
import type { LedgerEvent } from '../watchdog/types.js';

const LAUNCH_BIN = packagePath('bin', 'launch');
const dialect = dialectFor('sim');

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'launch bench',
  GIT_AUTHOR_EMAIL: 'bench@launch.invalid',
  GIT_COMMITTER_NAME: 'launch bench',
  GIT_COMMITTER_EMAIL: 'bench@launch.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns a value; throws after `timeoutMs`, naming the step. */
export async function until<T>(
  step: string,
  probe: () => Promise<T | null | undefined> | T | null | undefined,
  options: { readonly timeoutMs: number; readonly intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${step}`);
    await sleep(options.intervalMs ?? 50);
  }
}

export const phaseId = (index: number): string => `ph${String(index + 1).padStart(2, '0')}`;

export interface WorldOptions {
  readonly label: string;
  /** Phases in the sequence; DONE trials advance through them. */
  readonly phases: number;
  readonly watchEvents: boolean;
}

export interface PushTrial {
  /** `git push` returned → the ping's text in the Adversary's input line. */
  readonly latencyMs: number;
  /** `git push` returned → the ping submitted and confirmed (its ledger event). */
  readonly deliveredMs: number;
}

export interface DoneTrial {
  /** `## DONE` appended → the Builder's new session showing the next phase's kickoff. */
  readonly latencyMs: number;
  /** `## DONE` appended → both agents started in the next phase (ledger). */
  readonly bothStartedMs: number;
}

export class BenchWorld {
  private phaseIndex = 0;
  private pushes = 0;

  private constructor(
    readonly label: string,
    readonly root: string,
    readonly plan: string,
    readonly builder: string,
    readonly adversary: string,
    readonly logDir: string,
    readonly env: Record<string, string>,
    readonly tmux: Tmux,
    readonly prefix: string,
  ) {}

  static async create(options: WorldOptions): Promise<BenchWorld> {
    const root = mkdtempSync(join(tmpdir(), `launch-bench-${options.label}-`));
    const world = BenchWorld.layout(root, options.label);
    try {
      await world.build(options);
    } catch (error) {
      await world.stop();
      throw error;
    }
    return world;
  }

  private static layout(root: string, label: string): BenchWorld {
    const suffix = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const socket = `launch-bench-${label}-${suffix}`;
    const prefix = `b${label.replace(/[^A-Za-z0-9]/g, '')}${suffix.slice(-4)}`;
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: root,
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      LAUNCH_TMUX_SOCKET: socket,
      SESSION_PREFIX: prefix,
      ...GIT_IDENTITY,
    };
    return new BenchWorld(
      label,
      root,
      join(root, 'plan'),
      join(root, 'builder'),
      join(root, 'adversary'),
      join(root, 'plan', '.launch'),
      env,
      createTmux({ socket }),
      prefix,
    );
  }

  private git(cwd: string, args: readonly string[]): Promise<unknown> {
    return execa('git', [...args], { cwd, env: this.env, extendEnv: false });
  }

  private async launch(args: readonly string[], cwd = this.plan): Promise<void> {
    const result = await execa(LAUNCH_BIN, [...args], {
      cwd,
      env: this.env,
      extendEnv: false,
      reject: false,
      timeout: 120_000,
    });
    if (result.exitCode !== 0)
      throw new Error(
        `launch ${args.join(' ')} failed: ${String(result.stderr).trim() || result.message}`,
      );
  }

  private async build(options: WorldOptions): Promise<void> {
    const origin = join(this.root, 'origin.git');
    const seed = join(this.root, 'seed');
    mkdirSync(seed);
    await this.git(this.root, ['init', '--quiet', '--bare', '--initial-branch=main', origin]);
    await this.git(seed, ['init', '--quiet', '--initial-branch=main']);
    writeFileSync(join(seed, 'README.md'), '# bench\n');
    await this.git(seed, ['add', '-A']);
    await this.git(seed, ['commit', '--quiet', '-m', 'initial']);
    await this.git(seed, ['push', '--quiet', origin, 'main']);
    await this.git(this.root, ['clone', '--quiet', origin, this.builder]);
    await this.git(this.root, ['clone', '--quiet', origin, this.adversary]);

    await this.launch(['init', this.plan], this.root);
    const ids = Array.from({ length: options.phases }, (_, index) => phaseId(index));
    writeFileSync(
      join(this.plan, 'phases', 'phases.json'),
      JSON.stringify(ids.map((id) => ({ id, plan: `plan-${id}.md`, status: `STATUS-${id}.md` }))),
    );
    for (const id of ids) writeFileSync(join(this.plan, 'phases', `plan-${id}.md`), `# ${id}\n`);
    const script = join(this.root, 'sim-script.json');
    // Both agents sit idle behind a far WAITING-UNTIL: nothing moves but what a trial does.
    const idle = { steps: [{ do: 'declare-wait', seconds: 7 * 86_400 }] };
    writeFileSync(script, JSON.stringify({ builder: idle, adversary: idle }));
    writeFileSync(
      join(this.plan, 'launch.config.json'),
      JSON.stringify({
        backend: 'sim',
        builderDir: this.builder,
        advDir: this.adversary,
        logDir: this.logDir,
        simScript: script,
        watchOrchestrator: false,
        watchEvents: options.watchEvents,
      }),
    );
  }

  session(role: Role): string {
    return sessionName({ sessionPrefix: this.prefix, orchSession: null }, role);
  }

  events(): LedgerEvent[] {
    return readEvents(this.logDir);
  }

  watchdogPid(): number | null {
    return readLockHolder(this.logDir)?.pid ?? null;
  }

  /** Starts the run and waits until both agents take input and the watchdog took its baseline. */
  async start(): Promise<void> {
    await this.launch(['start']);
    await this.agentsReady(phaseId(0));
    await until(
      'the watchdog baseline',
      () => this.events().find((event) => event.type === 'handoff-baseline'),
      { timeoutMs: 60_000 },
    );
  }

  private async agentsReady(id: string): Promise<void> {
    for (const role of ['builder', 'adversary'] as const) {
      await until(
        `${role} ready in ${id}`,
        async () => {
          const pane = await this.tmux.capture(this.session(role));
          return pane !== null && showsPhase(pane, role, id) && dialect.isReady(pane) ? true : null;
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
    }
  }

  /** Pushes a claim from the Builder's clone; times the ping's arrival in the Adversary's pane. */
  async pushTrial(preWaitMs: number): Promise<PushTrial> {
    const k = ++this.pushes;
    const adversary = this.session('adversary');
    const prefix = typedPrefix(PING_CLAIM);
    await until(
      'an empty input line in the adversary',
      async () => {
        const pane = await this.tmux.capture(adversary);
        return pane !== null && !dialect.inputArea(pane).includes(prefix) ? true : null;
      },
      { timeoutMs: 30_000 },
    );
    await sleep(preWaitMs);
    const subject = `claim(bench-${k}): trial ${k}`;
    mkdirSync(join(this.builder, 'bench'), { recursive: true });
    writeFileSync(join(this.builder, 'bench', `trial-${k}.txt`), `${subject}\n`);
    await this.git(this.builder, ['add', '-A']);
    await this.git(this.builder, ['commit', '--quiet', '-m', subject]);
    await this.git(this.builder, ['push', '--quiet', 'origin', 'HEAD:main']);
    const pushed = performance.now();
    const pushedAt = Date.now();
    await until(
      `claim ${k} typed into the adversary`,
      async () => {
        const pane = await this.tmux.capture(adversary);
        return pane !== null && dialect.inputArea(pane).includes(prefix) ? true : null;
      },
      { timeoutMs: 120_000, intervalMs: 20 },
    );
    const latencyMs = performance.now() - pushed;
    const delivered = await until(
      `claim ${k} delivered`,
      () =>
        this.events().find(
          (event) =>
            event.type === 'handoff-ping' &&
            event.role === 'adversary' &&
            String(event.reason).includes(`claim(bench-${k})`),
        ),
      { timeoutMs: 60_000 },
    );
    return { latencyMs, deliveredMs: Date.parse(delivered.ts) - pushedAt };
  }

  /** Appends `## DONE` to the current phase's status file; times the next phase's kickoff. */
  async doneTrial(preWaitMs: number): Promise<DoneTrial> {
    const from = phaseId(this.phaseIndex);
    const to = phaseId(this.phaseIndex + 1);
    await sleep(preWaitMs);
    appendFileSync(join(this.builder, `STATUS-${from}.md`), `## DONE ${from}\n`);
    const appended = performance.now();
    const appendedAt = Date.now();
    await until(
      `the builder's ${to} kickoff`,
      async () => {
        const pane = await this.tmux.capture(this.session('builder'));
        return pane !== null && showsPhase(pane, 'builder', to) && pane.includes('(kickoff prompt:')
          ? true
          : null;
      },
      { timeoutMs: 120_000, intervalMs: 20 },
    );
    const latencyMs = performance.now() - appended;
    const started = await until(
      `the adversary started in ${to}`,
      () =>
        this.events().find(
          (event) =>
            event.type === 'session-started' &&
            event.role === 'adversary' &&
            String(event.why).endsWith(`→ ${to}`),
        ),
      { timeoutMs: 60_000 },
    );
    this.phaseIndex++;
    await this.agentsReady(to);
    return { latencyMs, bothStartedMs: Date.parse(started.ts) - appendedAt };
  }

  /** Stops the run and removes the world: sessions, the private tmux server and socket, files. */
  async stop(): Promise<void> {
    await this.launch(['stop']).catch(() => undefined);
    await this.tmux.killServer();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The sim agent's title line names its role and phase. */
function showsPhase(pane: string, role: Role, id: string): boolean {
  return new RegExp(`launch sim · ${role} · phase ${id}\\s*$`, 'm').test(pane);
}
