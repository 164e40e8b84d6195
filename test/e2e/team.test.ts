// A configured team end to end on a private tmux socket: two builders on separate clones, one
// reviewer on another client (the claude backend and dialect, its argv run by a stand-in that starts
// the sim) with its own stall threshold, and a lead woken on a schedule. Each builder's claim pings
// the reviewer; each review pings the builder its scope names.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeRig } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';

const CLAUDE_AS_SIM = fileURLToPath(
  new URL('../fixtures/programs/claude-as-sim.mjs', import.meta.url),
);

describe('a four-role team, end to end', () => {
  it('routes claims to the reviewer and reviews to the builder they name, on mixed clients', async () => {
    const rig = await makeRig({
      script: {
        builder: {
          steps: [
            { do: 'work', seconds: 3 },
            { do: 'commit', subject: 'claim(builder/g1): parser ready' },
            { do: 'wait', match: 'review', waitingUntilSeconds: 300 },
            { do: 'say', text: 'builder got its review' },
            { do: 'declare-wait', seconds: 600 },
          ],
        },
        roles: {
          'builder-2': {
            steps: [
              { do: 'work', seconds: 5 },
              { do: 'commit', subject: 'claim(builder-2/g1): lexer ready' },
              { do: 'wait', match: 'review', waitingUntilSeconds: 300 },
              { do: 'say', text: 'builder-2 got its review' },
              { do: 'declare-wait', seconds: 600 },
            ],
          },
          reviewer: {
            steps: [
              { do: 'wait', match: 'CLAIM', waitingUntilSeconds: 300 },
              { do: 'work', seconds: 3 },
              { do: 'commit', subject: 'review(builder): PASS g1' },
              { do: 'work', seconds: 2 },
              { do: 'commit', subject: 'review(builder-2): PASS g1' },
              { do: 'declare-wait', seconds: 600 },
            ],
          },
          lead: { steps: [{ do: 'declare-wait', seconds: 600 }] },
        },
      },
      config: {},
    });
    try {
      const second = join(rig.root, 'builder-2 clone');
      cpSync(rig.git.builder, second, { recursive: true });
      for (const name of ['builder-2', 'reviewer', 'lead'])
        writeFileSync(join(rig.plan, 'prompts', `${name}.md`), `You are ${name}.\n`);
      const config = JSON.parse(
        (await import('node:fs')).readFileSync(join(rig.plan, 'launch.config.json'), 'utf8'),
      ) as Record<string, unknown>;
      delete config.builderDir;
      delete config.advDir;
      writeFileSync(
        join(rig.plan, 'launch.config.json'),
        JSON.stringify({
          ...config,
          watchOrchestrator: true,
          remoteControl: false,
          claudeBin: CLAUDE_AS_SIM,
          roles: [
            { name: 'builder', dir: rig.git.builder },
            { name: 'builder-2', dir: second },
            {
              name: 'reviewer',
              dir: rig.git.adversary,
              backend: 'claude',
              flags: [],
              stallIdle: 900,
              session: `${rig.prefix}-rev`,
            },
            { name: 'lead', dir: '.', kind: 'orchestrator' },
          ],
          routes: [
            { on: 'claim', notify: 'reviewer' },
            { on: 'review', notify: ['builder', 'builder-2'] },
          ],
        }),
      );

      const start = await rig.launch(['start']);
      expect(start.exitCode, start.stderr).toBe(0);
      expect(start.stdout).toMatch(
        /backends builder sim, builder-2 sim, reviewer claude, lead sim/,
      );

      const started = rig.events().find((event) => event.type === 'watchdog-started');
      await rig.waitForEvent('the watchdog started', (event) => event.type === 'watchdog-started');
      void started;

      // Each builder's claim reaches the one reviewer (one ping may carry both claims).
      const claimPings = await waitFor(
        'both claims pinged to the reviewer',
        () => {
          const pings = rig
            .events()
            .filter((e) => e.type === 'handoff-ping' && e.role === 'reviewer');
          const reasons = pings.map((e) => String(e.reason)).join(' ; ');
          return reasons.includes('claim(builder/g1)') && reasons.includes('claim(builder-2/g1)')
            ? pings
            : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250, describe: rig.describe },
      );
      expect(claimPings.length).toBeGreaterThan(0);

      // Each review reaches the builder it names, and only that one.
      const toBuilder = await rig.waitForEvent(
        'review pinged to builder',
        (e) => e.type === 'handoff-ping' && e.role === 'builder',
        90_000,
      );
      expect(toBuilder.reason).toBe('review(builder): PASS g1');
      const toSecond = await rig.waitForEvent(
        'review pinged to builder-2',
        (e) => e.type === 'handoff-ping' && e.role === 'builder-2',
        90_000,
      );
      expect(toSecond.reason).toBe('review(builder-2): PASS g1');
      await waitFor(
        'each builder acted on its own review',
        async () => {
          const [one, two] = await Promise.all([
            rig.tmux.capture(`${rig.prefix}-builder`),
            rig.tmux.capture(`${rig.prefix}-builder-2`),
          ]);
          return one?.includes('builder got its review') &&
            two?.includes('builder-2 got its review')
            ? true
            : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, describe: rig.describe },
      );

      // status lists the four roles with their own session names; logs and events take any role.
      const status = await rig.launch(['status', '--json']);
      expect(status.exitCode, status.stderr).toBe(0);
      const view = JSON.parse(status.stdout) as {
        sessions: { role: string; name: string; running: boolean }[];
      };
      expect(view.sessions.map((s) => [s.role, s.name, s.running])).toEqual([
        ['builder', `${rig.prefix}-builder`, true],
        ['builder-2', `${rig.prefix}-builder-2`, true],
        ['reviewer', `${rig.prefix}-rev`, true],
        ['lead', `${rig.prefix}-lead`, true],
      ]);
      const logs = await rig.launch(['logs', 'builder-2', '-n', '200']);
      expect(logs.exitCode, logs.stderr).toBe(0);
      expect(logs.stdout).toMatch(/builder-2 got its review/);
      const events = await rig.launch(['events', '--session', 'reviewer', '--json']);
      expect(events.exitCode, events.stderr).toBe(0);
      expect(events.stdout).toMatch(/handoff-ping/);

      // Mixed clients: the reviewer's pings went through the claude dialect (its submit key Enter),
      // and the builders were never stall-rebooted while declaring waits; nobody was rebooted at all.
      expect(rig.events().filter((e) => e.type === 'session-restarted')).toEqual([]);
    } finally {
      await rig.dispose();
    }
  }, 240_000);
});
