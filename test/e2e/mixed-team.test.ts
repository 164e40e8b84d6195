// A mixed-backend team end to end on a private tmux socket: the builder on the sim (Claude Code's
// look), the reviewer on the gemini backend, docs on codex and the scout on opencode, each started
// with its real backend's argv by a stand-in that runs the sim in that client's look (`--look`).
// Each role is read with its own client's dialect and typed into with its own submit key (opencode:
// C-m), and each has its own stall threshold: the scout, made to stall, is rebooted after its 12 s
// while the builder, idle longer than that, is left alone; the reviewer's Gemini limit banner puts
// it in `limited` with no reboot. With the watchdog gone, `status` reads each pane and `answer`
// types into the scout's permission strip, each in its role's own dialect.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deliver } from '../../src/agents/deliver.js';
import { dialectFor } from '../../src/screen/dialects.js';
import { killSupervisor, makeRig } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';

const program = (name: string) =>
  fileURLToPath(new URL(`../fixtures/programs/${name}`, import.meta.url));

const SCOUT_STALL = 12;

describe('a mixed-backend team, end to end', () => {
  it('pings each role through its own dialect and submit key, and keeps each stall threshold and limit its own', async () => {
    const rig = await makeRig({
      script: {
        builder: {
          steps: [
            { do: 'work', seconds: 1 },
            { do: 'commit', subject: 'claim(p1-g1): parser ready' },
            // Waits without a WAITING-UNTIL marker: a marker still in the future keeps a role
            // `waiting` (never stalled) for as long as it names.
            { do: 'wait', match: 'review' },
            { do: 'say', text: 'builder got its review' },
            // Idle with no declared wait: a stall, but its threshold is 300 s.
            { do: 'idle' },
          ],
        },
        roles: {
          reviewer: {
            steps: [
              { do: 'wait', match: 'claim' },
              { do: 'say', text: 'reviewer read the claim' },
              { do: 'commit', subject: 'review(p1-g1): PASS' },
              { do: 'work', seconds: 2 },
              { do: 'limit', resetSeconds: 3600, style: 'time' },
            ],
          },
          docs: {
            steps: [
              { do: 'wait', match: 'claim' },
              { do: 'say', text: 'docs read the claim' },
              { do: 'idle' },
            ],
          },
          scout: {
            steps: [
              { do: 'wait', match: 'claim' },
              { do: 'say', text: 'scout read the claim' },
              { do: 'work', seconds: 8 },
              // Made to stall: rebooted after its own 12 s.
              { do: 'idle' },
              { do: 'say', text: 'scout back after its reboot' },
              // Time for launch to type its kickoff line into the composer first (opencode's
              // kickoff is typed once the composer shows).
              { do: 'work', seconds: 3 },
              // opencode's permission strip: answered with `launch answer` once the watchdog is gone.
              { do: 'prompt', kind: 'permission' },
              { do: 'say', text: 'scout answered' },
              { do: 'declare-wait', seconds: 600 },
            ],
          },
        },
      },
      config: {},
    });
    try {
      for (const name of ['reviewer', 'docs', 'scout'])
        writeFileSync(join(rig.plan, 'prompts', `${name}.md`), `You are ${name}.\n`);
      const config = JSON.parse(
        readFileSync(join(rig.plan, 'launch.config.json'), 'utf8'),
      ) as Record<string, unknown>;
      delete config.builderDir;
      delete config.advDir;
      writeFileSync(
        join(rig.plan, 'launch.config.json'),
        JSON.stringify({
          ...config,
          remoteControl: false,
          // opencode's own rule: a write to its pane log within this many seconds counts as work.
          opencodeLogGrace: 2,
          codexBin: program('codex-as-sim.mjs'),
          geminiBin: program('gemini-as-sim.mjs'),
          opencodeBin: program('opencode-as-sim.mjs'),
          roles: [
            { name: 'builder', dir: rig.git.builder, stallIdle: 300 },
            { name: 'reviewer', dir: rig.git.adversary, backend: 'gemini', stallIdle: 300 },
            { name: 'docs', dir: '.', backend: 'codex', stallIdle: 300 },
            { name: 'scout', dir: '.', backend: 'opencode', stallIdle: SCOUT_STALL },
          ],
          routes: [
            { on: 'claim', notify: ['reviewer', 'docs', 'scout'] },
            { on: 'review', notify: 'builder' },
          ],
        }),
      );

      const start = await rig.launch(['start']);
      expect(start.exitCode, start.stderr).toBe(0);
      expect(start.stdout).toMatch(
        /backends builder sim, reviewer gemini, docs codex, scout opencode/,
      );

      // Each role gets its ping, typed and confirmed on screen through its own dialect's input box.
      const pinged = async (role: string, cause: string) => {
        const ping = await rig.waitForEvent(
          `${cause} pinged to ${role}`,
          (e) => e.type === 'handoff-ping' && e.role === role,
          60_000,
        );
        expect(ping.reason).toContain(cause);
        expect(ping.confirmedBy).toBe('screen');
        expect(String(ping.detail)).not.toMatch(/UI not found/);
      };
      await pinged('reviewer', 'claim(p1-g1)');
      await pinged('docs', 'claim(p1-g1)');
      await pinged('scout', 'claim(p1-g1)');
      await pinged('builder', 'review(p1-g1)');
      // ...and each acted on it, drawn in its own look.
      await waitFor(
        'each role acted on its ping',
        async () => {
          const [builder, reviewer, docs, scout] = await Promise.all(
            ['builder', 'reviewer', 'docs', 'scout'].map((role) =>
              rig.tmux.capture(`${rig.prefix}-${role}`),
            ),
          );
          return builder?.includes('⏺ builder got its review') &&
            reviewer?.includes('✦ reviewer read the claim') &&
            docs?.includes('• docs read the claim') &&
            scout?.includes('     scout read the claim')
            ? true
            : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, describe: rig.describe },
      );

      // The reviewer's Gemini banner: limited, with the reset its time and zone name, no reboot.
      const armed = await rig.waitForEvent(
        'the reviewer limited',
        (e) => e.type === 'limit-armed' && e.role === 'reviewer',
        60_000,
      );
      expect(armed.resetAt).toBeTruthy();
      expect(String(armed.matched)).toMatch(
        /^Usage limit reached for gemini-2\.5-pro\. Access resets at \d{1,2}:\d\d [AP]M UTC\./,
      );

      // The scout stalls and is rebooted after its own threshold.
      const restarted = await rig.waitForEvent(
        'the scout rebooted for its stall',
        (e) => e.type === 'session-restarted' && e.role === 'scout',
        60_000,
      );
      expect(restarted.reason).toBe('stall');
      const idleFor = Number(/idle (\d+)s/.exec(String(restarted.why))?.[1] ?? NaN);
      expect(idleFor).toBeGreaterThanOrEqual(SCOUT_STALL);
      // The builder, idle since before the scout went idle, is left alone under its 300 s.
      const status = await rig.launch(['status', '--json']);
      expect(status.exitCode, status.stderr).toBe(0);
      const view = JSON.parse(status.stdout) as {
        sessions: { role: string; state: string; since: string | null; resetAt: string | null }[];
      };
      const builder = view.sessions.find((s) => s.role === 'builder');
      expect(builder?.state).toBe('idle');
      expect(Date.parse(restarted.ts) - Date.parse(builder?.since ?? '')).toBeGreaterThanOrEqual(
        SCOUT_STALL * 1000,
      );
      // The reviewer sits limited, with the reset its Gemini banner names.
      const reviewer = view.sessions.find((s) => s.role === 'reviewer');
      expect(reviewer?.state).toBe('limited');
      expect(reviewer?.resetAt).not.toBeNull();
      await waitFor(
        'the scout went on after its reboot',
        async () =>
          (await rig.tmux.capture(`${rig.prefix}-scout`))?.includes('scout back after its reboot')
            ? true
            : undefined,
        { timeoutMs: 30_000, intervalMs: 250, describe: rig.describe },
      );

      const restarts = rig.events().filter((e) => e.type === 'session-restarted');
      expect(restarts.map((e) => e.role)).toEqual(['scout']);

      // A submit key the client does not use fails visibly: C-j is a newline in Codex's draft, and
      // the text stays in its composer; its own key delivers it.
      const docs = `${rig.prefix}-docs`;
      const codex = dialectFor('codex');
      const target = (submitKey: string) => ({
        dialect: { ...codex, submitKey },
        clearInputKeys: ['C-u'],
      });
      const fast = { maxSubmits: 2, confirmDelayMs: 400, submitPauseMs: 200 };
      const wrong = await deliver(rig.tmux, docs, 'docs note one', target('C-j'), fast);
      expect(wrong).toMatchObject({ kind: 'not-delivered', reason: 'stuck-in-input' });
      const right = await deliver(rig.tmux, docs, 'docs note two', target(codex.submitKey), fast);
      expect(right).toMatchObject({ kind: 'delivered', confirmedBy: 'screen' });

      // The scout stops at opencode's permission strip: the watchdog holds it as needs-input.
      const asked = await rig.waitForEvent(
        'the scout at its permission prompt',
        (e) => e.type === 'needs-input' && e.role === 'scout',
        30_000,
      );
      expect(asked).toMatchObject({ kind: 'permission', question: 'Permission required' });

      // With the watchdog gone, status reads each pane itself, each in its role's own dialect.
      killSupervisor(rig.logDir);
      const live = await waitFor(
        'status reading the panes itself',
        async () => {
          const read = await rig.launch(['status', '--json']);
          const parsed = JSON.parse(read.stdout) as {
            sessions: { role: string; state: string; why: string }[];
          };
          return parsed.sessions.every((s) => s.why.includes('no watchdog: read from the pane'))
            ? parsed.sessions
            : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500, describe: rig.describe },
      );
      expect(Object.fromEntries(live.map((s) => [s.role, s.state]))).toEqual({
        builder: 'idle',
        reviewer: 'limited',
        docs: 'idle',
        scout: 'needs-input',
      });
      // ...and `launch answer` types into it as opencode's dialect reads it.
      const answered = await rig.launch(['answer', 'scout', '1']);
      expect(answered.exitCode, answered.stderr).toBe(0);
      expect(answered.stdout).toContain('scout: answered');
      await waitFor(
        'the scout went on after the answer',
        async () =>
          (await rig.tmux.capture(`${rig.prefix}-scout`))?.includes('scout answered')
            ? true
            : undefined,
        { timeoutMs: 30_000, intervalMs: 250, describe: rig.describe },
      );
    } finally {
      await rig.dispose();
    }
  }, 150_000);
});
