// Restarts that keep the conversation (issue 14), end to end: `bin/launch start` with the sim agent
// on a private tmux socket. A stalled sim is restarted with `--resume <its conversation>` and goes
// on where it was; a fatal one starts fresh; a resume the client refuses falls back to a kickoff
// with `conversation-lost` in the ledger.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSignalTail } from '../../src/evidence/signals.js';
import { conversationFile, NO_CONVERSATION } from '../../src/sim/conversation-store.js';
import { stripTerminalControls } from '../../src/util/terminal-text.js';
import { makeRig, ofType } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';

/** The conversation ids the sessions' SessionStart signals announced, oldest first. */
function startedConversations(logDir: string, session: string): (string | undefined)[] {
  return (readSignalTail(logDir, session) ?? [])
    .filter((line) => line.event === 'session-start')
    .map((line) => line.conversationId);
}

describe('restarts keep the conversation, end to end', () => {
  it('resumes a stalled sim in its conversation, starts a fatal one fresh, and falls back to a kickoff when the resume is refused', async () => {
    const rig = await makeRig({
      phases: ['p1'],
      script: {
        builder: {
          steps: [
            { do: 'work', seconds: 1 },
            { do: 'say', text: 'before the stall' },
            { do: 'idle' },
            { do: 'say', text: 'after the resume' },
            { do: 'fatal' },
            { do: 'say', text: 'fresh after the fatal error' },
            { do: 'declare-wait', seconds: 600 },
          ],
        },
        adversary: {
          quirks: { refuseResume: true },
          steps: [
            { do: 'say', text: 'adversary before the stall' },
            { do: 'idle' },
            { do: 'say', text: 'adversary after the fallback' },
            { do: 'declare-wait', seconds: 600 },
          ],
        },
      },
    });
    try {
      const start = await rig.launch(['start']);
      expect(start.exitCode, start.stderr).toBe(0);

      // ── the builder: a stall restart resumes its conversation ─────────────────────────────
      await waitFor(
        'the builder reaches the idle step',
        async () => (await rig.capture('builder')).includes('before the stall'),
        { describe: rig.describe },
      );
      const firstId = startedConversations(rig.logDir, rig.session('builder'))[0];
      expect(firstId).toMatch(/^[0-9a-f-]{36}$/);

      const stall = await rig.waitForEvent(
        'the stalled builder is restarted with its conversation',
        (e) => e.type === 'session-restarted' && e.role === 'builder' && e.reason === 'stall',
      );
      expect(stall).toMatchObject({ resumed: true, conversationId: firstId });
      const resumed = await rig.waitForEvent(
        'the same conversation came back',
        (e) => e.type === 'conversation-resumed' && e.role === 'builder',
      );
      expect(resumed.conversationId).toBe(firstId);
      await rig.waitForEvent(
        'the one line saying why is delivered',
        (e) => e.type === 'resume-line-delivered' && e.role === 'builder',
      );
      const afterResume = await waitFor(
        'the builder goes on where it was',
        // The pane's log, not the screen: the sim goes on to its fatal step within a second or
        // two, so the screen that shows the resume may be gone before a look catches it.
        () => {
          const log = stripTerminalControls(
            readFileSync(join(rig.logDir, `${rig.session('builder')}.log`), 'utf8'),
            { keepNewlines: true },
          );
          return log.includes('after the resume') ? log : null;
        },
        { describe: rig.describe },
      );
      // Same conversation (its SessionStart said so), its earlier lines back, the turns going on.
      expect(startedConversations(rig.logDir, rig.session('builder')).slice(0, 2)).toEqual([
        firstId,
        firstId,
      ]);
      expect(afterResume).toContain('before the stall');
      expect(afterResume).toContain(`resumed conversation ${firstId} after turn 1`);
      expect(afterResume).toMatch(/turn 2: going on at step 4 of 7 \(say\)/);
      expect(afterResume).toContain('launch restarted this session because it sat idle');
      // The sim's own transcript holds the conversation under its id.
      expect(readFileSync(conversationFile(rig.logDir, firstId ?? ''), 'utf8')).toContain(
        '"turns":2',
      );

      // ── the builder: a fatal error starts fresh (the conversation itself is broken) ────────
      const fatal = await rig.waitForEvent(
        'the fatal builder is restarted fresh',
        (e) => e.type === 'session-restarted' && e.role === 'builder' && e.reason === 'fatal',
      );
      expect(fatal).toMatchObject({ resumed: false, fresh: 'fatal-error' });
      const freshScreen = await waitFor(
        'the builder goes on after the fatal error in a new conversation',
        async () => {
          const pane = await rig.capture('builder');
          return pane.includes('fresh after the fatal error') ? pane : null;
        },
        { describe: rig.describe },
      );
      // Its SessionStart hook runs in the background: wait for its line.
      const secondId = await waitFor(
        'the fresh builder announces its conversation',
        () => startedConversations(rig.logDir, rig.session('builder'))[2],
        { describe: rig.describe },
      );
      expect(secondId).toMatch(/^[0-9a-f-]{36}$/);
      expect(secondId).not.toBe(firstId);
      expect(freshScreen).not.toContain('before the stall');
      expect(freshScreen).toContain('(kickoff prompt:');

      // ── the adversary: the client refuses the resume → conversation-lost, a fresh kickoff ──
      const advStall = await rig.waitForEvent(
        'the stalled adversary is restarted with its conversation',
        (e) => e.type === 'session-restarted' && e.role === 'adversary' && e.reason === 'stall',
      );
      expect(advStall.resumed).toBe(true);
      const lost = await rig.waitForEvent(
        'the refused resume is given up',
        (e) => e.type === 'conversation-lost' && e.role === 'adversary',
      );
      expect(lost).toMatchObject({
        reason: 'resume-refused',
        conversationId: advStall.conversationId,
      });
      const fallback = await rig.waitForEvent(
        'the adversary starts fresh with its kickoff',
        (e) =>
          e.type === 'session-restarted' &&
          e.role === 'adversary' &&
          e.fresh === 'conversation-lost',
      );
      expect(fallback).toMatchObject({ resumed: false, reason: 'stall' });
      expect(String(fallback.detail)).toMatch(/^kickoff /);
      // The refusal in the client's own words (as Claude Code words it), from the pane it left.
      expect(String(lost.detail)).toMatch(/exited/);
      // (In the pane's log: a client that exits at once may be seen dead before tmux has drawn
      // its last line, so the restart line's quote of the pane can be empty.)
      const refusal = `${NO_CONVERSATION} ${String(lost.conversationId)}`;
      await waitFor('the refusal in the adversary pane log', () =>
        readFileSync(join(rig.logDir, `${rig.session('adversary')}.log`), 'utf8').includes(refusal),
      );
      if (fallback.matched !== undefined) expect(String(fallback.matched)).toContain(refusal);
      const advScreen = await waitFor(
        'the adversary goes on after the fallback',
        async () => {
          const pane = await rig.capture('adversary');
          return pane.includes('adversary after the fallback') ? pane : null;
        },
        { describe: rig.describe },
      );
      expect(advScreen).toContain('(kickoff prompt:');
      // The refusing client never started: two conversations, the first and a new one.
      const advIds = await waitFor(
        'the fresh adversary announces its conversation',
        () => {
          const ids = startedConversations(rig.logDir, rig.session('adversary'));
          return ids.length >= 2 ? ids : null;
        },
        { describe: rig.describe },
      );
      expect(advIds).toHaveLength(2);
      expect(advIds[0]).toBe(advStall.conversationId);
      expect(advIds[1]).not.toBe(advStall.conversationId);

      const events = rig.events();
      expect(ofType(events, 'conversation-lost', 'builder')).toEqual([]);
      expect(ofType(events, 'conversation-lost', 'adversary')).toHaveLength(1);
    } finally {
      await rig.dispose();
    }
  }, 180_000);
});
