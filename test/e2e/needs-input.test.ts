// An agent waiting for a person, end to end (issue 14): `bin/launch start` with the sim agent on a
// private tmux socket, the sim drawing Claude Code 2.1.197's prompts. At a permission prompt the
// Adversary is `needs-input`, is not rebooted over 3 × STALL_IDLE, a claim ping is held and typed
// right after `launch answer adversary 1`; a deadline types the declared default; a login screen
// gives one notification and no restart.
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../helpers/http-receiver.js';
import { FAST, makeRig, ofType } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';

const STALL_MS = FAST.stallIdle * 1000;
const ts = (event: { ts: string }): number => Date.parse(event.ts);

/** Waits until `ms` have passed since `from` (the point is that time passes with nothing done). */
const outlast = (what: string, from: number, ms: number) =>
  waitFor(what, () => (Date.now() >= from + ms ? true : undefined), { timeoutMs: ms + 60_000 });

describe('an agent that waits for a person', () => {
  it('permission prompt: needs-input, never rebooted, ping held and typed right after `launch answer adversary 1`', async () => {
    const rig = await makeRig({
      script: {
        builder: { steps: [{ do: 'declare-wait', seconds: 900 }] },
        adversary: {
          steps: [
            { do: 'prompt', kind: 'permission' },
            { do: 'wait', match: 'CLAIM', waitingUntilSeconds: 900 },
            { do: 'say', text: 'claim received' },
            { do: 'declare-wait', seconds: 900 },
          ],
        },
      },
      config: { httpPort: 0 },
    });
    try {
      expect((await rig.launch(['start'])).exitCode).toBe(0);
      const asked = await rig.waitForEvent(
        'the adversary reported needs-input',
        (e) => e.type === 'needs-input' && e.role === 'adversary',
      );
      expect(asked).toMatchObject({
        kind: 'permission',
        question: 'Do you want to proceed?',
        answerWith: 'launch answer adversary <option-number>',
      });
      expect(String(asked.options)).toContain('1. Yes / 2. Yes, and don');
      await rig.waitForEvent('baseline', (e) => e.type === 'handoff-baseline');
      await rig.git.pushCommit(rig.outside, 'claim(g1): parser ready');

      await outlast('3 × STALL_IDLE at the prompt', ts(asked), 3 * STALL_MS + 2000);
      const status = await rig.launch(['status', '--json']);
      const view = JSON.parse(status.stdout) as {
        sessions: {
          role: string;
          state: string;
          prompt: { question: string; optionsText: string } | null;
        }[];
      };
      const adversary = view.sessions.find((session) => session.role === 'adversary');
      expect(adversary?.state).toBe('needs-input');
      expect(adversary?.prompt?.question).toBe('Do you want to proceed?');
      const text = await rig.launch(['status']);
      expect(text.stdout).toContain('waits for a person (permission): Do you want to proceed?');
      expect(ofType(rig.events(), 'session-restarted', 'adversary')).toEqual([]);
      expect(ofType(rig.events(), 'handoff-ping', 'adversary')).toEqual([]);
      expect(ofType(rig.events(), 'needs-input', 'adversary')).toHaveLength(1);

      // Bad answers: one line each, nothing typed.
      const missing = await rig.launch(['answer', 'adversary']);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toContain('missing the answer');
      const typo = await rig.launch(['answer', 'adversry', '1']);
      expect(typo.exitCode).toBe(2);
      expect(typo.stderr).toContain('did you mean adversary?');
      const noOption = await rig.launch(['answer', 'adversary', '7']);
      expect(noOption.exitCode).toBe(2);
      expect(noOption.stderr).toContain('no option 7');
      const notWaiting = await rig.launch(['answer', 'builder', '1']);
      expect(notWaiting.exitCode).toBe(1);
      expect(notWaiting.stderr).toContain('builder is not waiting for input; nothing was typed');
      expect(await rig.capture('adversary')).toContain('Do you want to proceed?');

      const answered = await rig.launch(['answer', 'adversary', '1']);
      expect(answered.exitCode, answered.stderr).toBe(0);
      expect(answered.stdout).toContain('adversary: answered');
      const record = await rig.waitForEvent('input-answered', (e) => e.type === 'input-answered');
      expect(record).toMatchObject({ role: 'adversary', who: 'cli', what: '1' });
      expect(Number(record.waitedSeconds)).toBeGreaterThanOrEqual(3 * FAST.stallIdle);
      const ping = await rig.waitForEvent(
        'the held claim ping typed after the answer',
        (e) => e.type === 'handoff-ping' && e.role === 'adversary',
      );
      // Right after: within a few ticks of the answer, not at some later wake.
      expect(ts(ping) - ts(record)).toBeLessThan(10_000);
      await waitFor('the sim took the ping', async () =>
        (await rig.capture('adversary')).includes('claim received') ? true : undefined,
      );
      expect(await rig.capture('adversary')).toContain('answered permission prompt: 1. Yes');
      expect(ofType(rig.events(), 'session-restarted', 'adversary')).toEqual([]);
    } finally {
      await rig.dispose();
    }
  }, 180_000);

  it('the deadline types the declared default', async () => {
    const rig = await makeRig({
      script: {
        builder: { steps: [{ do: 'declare-wait', seconds: 900 }] },
        adversary: {
          steps: [
            { do: 'prompt', kind: 'trust' },
            { do: 'say', text: 'going on after the trust dialog' },
            { do: 'declare-wait', seconds: 900 },
          ],
        },
      },
      config: { needsInput: { needsInputDeadline: 3, default: '2' } },
    });
    try {
      expect((await rig.launch(['start'])).exitCode).toBe(0);
      const asked = await rig.waitForEvent(
        'needs-input (trust)',
        (e) => e.type === 'needs-input' && e.role === 'adversary',
      );
      expect(asked).toMatchObject({ kind: 'trust', onDeadline: 'answer' });
      const answered = await rig.waitForEvent(
        'the default typed at the deadline',
        (e) => e.type === 'input-answered' && e.role === 'adversary',
      );
      expect(answered).toMatchObject({ who: 'deadline', what: '2' });
      expect(ts(answered) - ts(asked)).toBeGreaterThanOrEqual(3000);
      await waitFor('the sim recorded the answer and went on', async () =>
        (await rig.capture('adversary')).includes('going on after the trust dialog')
          ? true
          : undefined,
      );
      expect(await rig.capture('adversary')).toContain('answered trust prompt: 2. No, exit');
      expect(ofType(rig.events(), 'session-restarted', 'adversary')).toEqual([]);
    } finally {
      await rig.dispose();
    }
  }, 180_000);

  it('a login screen: one notification, no restart, no deadline action', async () => {
    const receiver = await startReceiver((_request, _body, response) => response.end('ok'));
    const rig = await makeRig({
      script: {
        builder: { steps: [{ do: 'declare-wait', seconds: 900 }] },
        adversary: { steps: [{ do: 'prompt', kind: 'login' }] },
      },
      config: {
        notifyWebhook: receiver.url,
        notifyOn: ['needs-input'],
        needsInput: { needsInputDeadline: 2, onDeadline: 'restart' },
      },
    });
    try {
      expect((await rig.launch(['start'])).exitCode).toBe(0);
      const asked = await rig.waitForEvent(
        'needs-input (auth)',
        (e) => e.type === 'needs-input' && e.role === 'adversary',
      );
      expect(asked).toMatchObject({ kind: 'auth', question: 'Select login method:' });
      await outlast('3 × STALL_IDLE at the login screen', ts(asked), 3 * STALL_MS + 2000);
      expect(ofType(rig.events(), 'session-restarted', 'adversary')).toEqual([]);
      expect(ofType(rig.events(), 'needs-input-deadline', 'adversary')).toEqual([]);
      expect(ofType(rig.events(), 'needs-input', 'adversary')).toHaveLength(1);
      const notes = receiver.bodies
        .map(
          (body) =>
            JSON.parse(body) as {
              kind: string;
              role: string;
              text: string;
              event: Record<string, unknown>;
            },
        )
        .filter((note) => note.kind === 'needs-input');
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ role: 'adversary' });
      expect(notes[0]?.text).toContain('Select login method:');
      expect(notes[0]?.text).toContain('launch answer adversary <option-number>');
      expect(notes[0]?.event.options).toContain('1. Claude account with subscription');
    } finally {
      await rig.dispose();
    }
  }, 180_000);
});
