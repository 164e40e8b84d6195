import { describe, expect, it } from 'vitest';
import { SimDriver, type DriverDeps } from '../../src/sim/driver.js';
import type { GitRequest, Progress, SimContext } from '../../src/sim/model.js';
import type { Step } from '../../src/sim/script-schema.js';
import { makeContext, T0 } from './sim-harness.js';

/** Fake clock, timers, screen and effects for the driver. */
class FakeWorld {
  now = T0;
  timers: { at: number; fire: () => void; cancelled: boolean }[] = [];
  frames: (readonly string[])[] = [];
  saved: Progress[] = [];
  exits: number[] = [];
  gitRequests: GitRequest[] = [];
  hooks: { event: string; fields: Readonly<Record<string, unknown>> }[] = [];

  deps(): DriverDeps {
    return {
      now: () => this.now,
      size: () => ({ width: 80, height: 20 }),
      draw: (lines) => this.frames.push(lines),
      runGit: (request) => {
        this.gitRequests.push(request);
        return Promise.resolve({ ok: true, lines: [`did ${request.op}`] });
      },
      saveProgress: (progress) => this.saved.push(progress),
      exit: (code) => this.exits.push(code),
      hook: (event, fields) => this.hooks.push({ event, fields }),
      setTimer: (ms, fire) => {
        const timer = { at: this.now + ms, fire, cancelled: false };
        this.timers.push(timer);
        return { cancel: () => (timer.cancelled = true) };
      },
      lineMode: false,
    };
  }

  liveTimers() {
    return this.timers.filter((timer) => !timer.cancelled);
  }

  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const next = this.liveTimers().sort((a, b) => a.at - b.at)[0];
      if (next === undefined || next.at > target) break;
      next.cancelled = true;
      this.now = next.at;
      next.fire();
    }
    this.now = target;
  }

  screen(): readonly string[] {
    return this.frames.at(-1) ?? [];
  }
}

function start(steps: Step[], patch: Partial<SimContext> = {}, progress: Progress | null = null) {
  const world = new FakeWorld();
  const driver = new SimDriver(makeContext(steps, patch), progress, world.deps());
  driver.start();
  return { world, driver };
}

describe('sim driver', () => {
  it('drops keys typed before the UI is ready, then takes a typed line into a wait', () => {
    const { world, driver } = start(
      [
        { do: 'wait', match: 'hello' },
        { do: 'say', text: 'got it' },
      ],
      { quirks: { readyDelayMs: 1000 } },
    );
    expect(world.screen().at(-1)).toBe('');
    driver.feed('too early\r');
    world.advance(1000);
    expect(world.screen().at(-1)).toBe('  ? for shortcuts');
    expect(driver.state.model.pending).toEqual([]);
    driver.feed('hel');
    expect(world.screen().at(-3)).toBe('> hel');
    driver.feed('lo\r');
    expect(world.screen()).toContain('> hello');
    expect(world.screen()).toContain('⏺ got it');
    expect(world.screen().at(-3)).toBe('> ');
  });

  it('redraws only when the screen changes, and keeps no timer while idle', () => {
    const { world, driver } = start([{ do: 'work', seconds: 2 }, { do: 'idle' }]);
    expect(world.liveTimers()).toHaveLength(1);
    const drawn = world.frames.length;
    driver.feed('\u001b[A');
    expect(world.frames.length).toBe(drawn);
    world.advance(1000);
    expect(world.screen()).toContain('✻ Simulating… (1s · esc to interrupt)');
    world.advance(1000);
    expect(world.screen().some((row) => row.includes('Simulating'))).toBe(false);
    expect(world.liveTimers()).toHaveLength(0);
    const idleFrames = world.frames.length;
    world.advance(3_600_000);
    expect(world.frames.length).toBe(idleFrames);
  });

  it('saves progress when the position changes, and counts idle as done', () => {
    const { world } = start([{ do: 'work', seconds: 1 }, { do: 'idle' }]);
    world.advance(5000);
    expect(world.saved.map((progress) => progress.stepIndex)).toEqual([0, 2]);
    expect(world.saved.at(-1)).toMatchObject({ phaseId: 'p1', boots: 1, pending: [] });
  });

  it('runs git requests and goes on when they finish', async () => {
    const { world, driver } = start([
      { do: 'commit', subject: 'claim(g1): x' },
      { do: 'say', text: 'after' },
    ]);
    expect(world.gitRequests).toEqual([
      { op: 'commit', subject: 'claim(g1): x', files: [], push: true },
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(driver.state.model.activity.kind).toBe('finished');
    expect(world.screen()).toContain('⏺ did commit');
  });

  it('exits with the code after saving the position past the exit step', () => {
    const { world, driver } = start([{ do: 'exit', code: 7 }]);
    expect(world.exits).toEqual([7]);
    expect(world.saved.at(-1)?.stepIndex).toBe(1);
    driver.feed('ignored\r');
    expect(driver.state.model.pending).toEqual([]);
  });

  it('redraws everything on resize', () => {
    const { world, driver } = start([{ do: 'idle' }]);
    const drawn = world.frames.length;
    driver.redraw();
    expect(world.frames.length).toBe(drawn + 1);
  });
});
