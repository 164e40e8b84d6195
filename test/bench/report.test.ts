// The benchmark's arithmetic and verdicts: nearest-rank percentiles, each target checked, and a
// missed target explained with the figures of the same run.
import { describe, expect, it } from 'vitest';
import { checkTargets, renderTables, type BenchResult } from '../../src/bench/report.js';
import { percentile, summarize } from '../../src/bench/stats.js';
import type { TimedCommand, TimedKey } from '../../src/bench/status-bench.js';

describe('percentile', () => {
  it('is a measured sample (nearest rank), whatever the order', () => {
    const samples = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 100)).toBe(10);
    expect(percentile([42], 90)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([3, 1, 2])).toEqual({ n: 3, p50: 2, p90: 3, max: 3, min: 1, mean: 2 });
  });
});

const flat = (ms: number) => summarize([ms]);

const timed = (key: TimedKey, ms: number, node: number): TimedCommand => ({
  key,
  what: key,
  how: key === 'status-stopped' ? 'after `launch stop`' : 'live run',
  ms: flat(ms),
  ratio: ms / node,
});

function result(over: {
  push: number;
  done: number;
  observe50: { processes: number; ms: number };
  status: number;
}): Omit<BenchResult, 'targets' | 'durationSeconds'> {
  return {
    date: '2026-11-22T00:00:00.000Z',
    machine: {
      node: 'v20',
      tmux: 'tmux 3.3a',
      git: 'git 2.39',
      cpus: 2,
      cpuModel: 'x',
      loadAverage: [1, 1, 1],
    },
    intervals: { signal: 30, watch: 300, debounce: 0.2 },
    latencies: [
      {
        measure: 'push → ping',
        mode: 'file events',
        latencyMs: flat(over.push),
        completedMs: flat(over.push + 1200),
        samples: [over.push],
      },
      {
        measure: 'DONE → kickoff',
        mode: 'file events',
        latencyMs: flat(over.done),
        completedMs: flat(over.done),
        samples: [over.done],
      },
      {
        measure: 'push → ping',
        mode: 'polling only',
        latencyMs: flat(15_000),
        completedMs: flat(16_000),
        samples: [15_000],
      },
    ],
    observe: [
      {
        sessions: 50,
        method: 'batched',
        processes: over.observe50.processes,
        wallMs: flat(over.observe50.ms),
        tmuxMs: flat(over.observe50.ms / 2),
      },
    ],
    status: {
      commands: [
        timed('node', 40, 40),
        timed('status', over.status, 40),
        timed('help', over.status + 30, 40),
        timed('node-stopped', 50, 50),
        timed('status-stopped', over.status, 50),
      ],
      cliModules: flat(over.status - 20),
      inProcess: flat(9),
    },
    idle: [
      {
        mode: 'file events',
        windowSeconds: 120,
        rssBytes: 80 * 1024 * 1024,
        cpuSecondsPerHour: 12,
        cpuWithChildrenPerHour: 30,
      },
    ],
    tmuxSpawnMs: flat(6),
  };
}

describe('checkTargets', () => {
  it('passes figures inside the targets', () => {
    const checks = checkTargets(
      result({ push: 400, done: 1100, observe50: { processes: 1, ms: 14 }, status: 110 }),
    );
    expect(checks.map((check) => [check.met, check.measured])).toEqual([
      [true, '0.40 s'],
      [true, '1.10 s'],
      [true, '1 process, 14 ms'],
      [true, '110 ms = 2.8 × 40 ms'],
      [true, '110 ms = 2.2 × 50 ms'],
    ]);
    expect(checks.every((check) => check.note === null)).toBe(true);
  });

  it('says which target was missed and what limits it, in figures of the same run', () => {
    const partial = result({
      push: 1400,
      done: 2500,
      observe50: { processes: 3, ms: 30 },
      status: 600,
    });
    const checks = checkTargets(partial);
    expect(checks.every((check) => !check.met)).toBe(true);
    expect(checks[2]?.note).toMatch(/one tmux call takes 15 ms .* 6\.0 ms here/);
    expect(checks[3]?.note).toMatch(
      /Node\.js itself takes 40 ms .*, 580 ms with the status bundle loaded through its code cache.* 9\.0 ms in process/,
    );
    // Each status is held against `node -e 0` of its own turns.
    expect(checks[4]?.note).toMatch(/^Node\.js itself takes 50 ms/);
    const text = renderTables({ ...partial, targets: checks, durationSeconds: 300 });
    expect(text).toContain(
      '✗ MISSED `launch status` (live run) p50 ≤ 3 × `node -e 0` p50: 600 ms = 15.0 × 40 ms — Node.js itself',
    );
    expect(text).toContain(
      '✗ MISSED `launch status` (after `launch stop`) p50 ≤ 3 × `node -e 0` p50: 600 ms = 12.0 × 50 ms',
    );
    expect(text).toContain('| help | live run | 1 | 630 ms | 630 ms | 630 ms | 15.8× |');
    expect(text).toContain(
      "| `git push` of a claim → ping in the Adversary's pane | polling only | 1 | 15.00 s | 15.00 s | 15.00 s |",
    );
    expect(text).toContain('| file events (measured 120 s, × 30) | 80 MB | 12.0 s | 30.0 s |');
  });
});
