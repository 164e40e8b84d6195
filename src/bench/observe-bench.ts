// Cost of observing the panes at 1, 10 and 50 sessions: tmux processes spawned and wall time per
// observe, for the watchdog's batched read (one invocation) and, in the same run, for the way it
// read them before (one list-panes plus one capture per session).
import { randomBytes } from 'node:crypto';
import { createTmux, type Tmux } from '../adapters/tmux.js';
import { dialectFor } from '../screen/dialects.js';
import { readPanes } from '../watchdog/observe.js';
import { summarize, type Summary } from './stats.js';

export interface ObserveFigure {
  readonly sessions: number;
  readonly method: 'batched' | 'per-session';
  /** tmux processes spawned per observe (the same every time). */
  readonly processes: number;
  /** The whole observe of the panes: tmux, then every screen read by the dialect. */
  readonly wallMs: Summary;
  /** The tmux part alone. */
  readonly tmuxMs: Summary;
}

/** A pane that looks busy: a screen full of text, then it sits still. */
function paneProgram(index: number): string[] {
  return [
    'sh',
    '-c',
    `i=0; while [ $i -lt 46 ]; do echo "session ${index} · line $i · the agent prints something here, as agents do"; i=$((i+1)); done; exec sleep 86400`,
  ];
}

export interface ObserveBench {
  readonly figures: readonly ObserveFigure[];
  /** The floor of any tmux call here: one client started, a trivial command, reaped. */
  readonly tmuxFloorMs: Summary;
}

export async function benchObserve(
  counts: readonly number[],
  repetitions: number,
): Promise<ObserveBench> {
  const socket = `launch-bench-observe-${process.pid}-${randomBytes(3).toString('hex')}`;
  let spawned = 0;
  const tmux: Tmux = createTmux({ socket, configFile: '/dev/null', onSpawn: () => spawned++ });
  const dialect = dialectFor('sim');
  const figures: ObserveFigure[] = [];
  const floor: number[] = [];
  try {
    const max = Math.max(...counts);
    const names = Array.from({ length: max }, (_, index) => `obs-${index}`);
    for (const [index, name] of names.entries()) {
      const created = await tmux.newSession({ name, cwd: '/', command: paneProgram(index) });
      if (!created.ok) throw new Error(`bench: cannot start tmux session ${name}`);
    }
    // every pane has drawn its screen before anything is timed
    for (const name of names) {
      for (let attempt = 0; ; attempt++) {
        if ((await tmux.capture(name))?.includes('line 45')) break;
        if (attempt > 200) throw new Error(`bench: ${name} never drew its screen`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const reader = { tmux, dialect, zone: 'UTC' };
    const read = (text: string | null): void => {
      if (text === null) return;
      dialect.classify(text, { now: new Date(), zone: 'UTC' });
      dialect.inputArea(text);
    };
    const methods = {
      batched: {
        whole: async (sessions: readonly string[]) => {
          await readPanes(reader, sessions, Date.now());
        },
        tmux: async (sessions: readonly string[]) => {
          await tmux.snapshot(sessions);
        },
      },
      'per-session': {
        whole: async (sessions: readonly string[]) => {
          await tmux.listPanes();
          for (const session of sessions) read(await tmux.capture(session));
        },
        tmux: async (sessions: readonly string[]) => {
          await tmux.listPanes();
          for (const session of sessions) await tmux.capture(session);
        },
      },
    } as const;
    const time = async (
      run: (sessions: readonly string[]) => Promise<void>,
      sessions: readonly string[],
    ): Promise<{ times: number[]; processes: number }> => {
      for (let warm = 0; warm < 3; warm++) await run(sessions);
      const times: number[] = [];
      let processes = 0;
      for (let rep = 0; rep < repetitions; rep++) {
        spawned = 0;
        const started = performance.now();
        await run(sessions);
        times.push(performance.now() - started);
        processes = Math.max(processes, spawned);
      }
      return { times, processes };
    };
    for (let run = 0; run < repetitions; run++) {
      const started = performance.now();
      await tmux.run(['display-message', '-p', 'x']);
      floor.push(performance.now() - started);
    }
    for (const count of counts) {
      const sessions = names.slice(0, count);
      for (const method of ['batched', 'per-session'] as const) {
        const whole = await time(methods[method].whole, sessions);
        const tmuxOnly = await time(methods[method].tmux, sessions);
        figures.push({
          sessions: count,
          method,
          processes: whole.processes,
          wallMs: summarize(whole.times),
          tmuxMs: summarize(tmuxOnly.times),
        });
      }
    }
  } finally {
    await tmux.killServer();
  }
  return { figures, tmuxFloorMs: summarize(floor) };
}
