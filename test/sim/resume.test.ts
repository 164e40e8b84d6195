// The sim's conversations (issue 14): a new one per start, `--resume <id>` brings one back where it
// was (its screen, its turn count, its place in the script) and waits for a prompt, as
// `claude --resume <id>` does; an id it never had fails with Claude Code's words.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dialectFor } from '../../src/screen/dialects.js';
import {
  conversationFile,
  NO_CONVERSATION,
  readConversation,
  writeConversation,
} from '../../src/sim/conversation-store.js';
import { parseSimOptions } from '../../src/sim/options.js';
import { parseSimScript } from '../../src/sim/script-load.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeContext, SimHarness } from './sim-harness.js';

const STEPS = [
  { do: 'say', text: 'first turn' },
  { do: 'idle' },
  { do: 'say', text: 'second turn' },
  { do: 'wait', match: 'never' },
] as const;

describe('the sim resuming a conversation', () => {
  it('a new conversation counts the kickoff as its first turn', () => {
    const sim = new SimHarness(makeContext([...STEPS], { signals: true }));
    expect(sim.model.turns).toBe(1);
    expect(sim.hooks()[0]?.event).toBe('UserPromptSubmit');
  });

  it('--resume: its old screen back, waiting for a prompt; the prompt goes on where it was', () => {
    const first = new SimHarness(makeContext([...STEPS], { signals: true }));
    const saved = { turns: first.model.turns, transcript: first.model.transcript };
    // A restart after the idle step (done on entry) goes on at step 3, in the same conversation.
    const sim = new SimHarness(
      makeContext([...STEPS], { signals: true, resumed: saved }),
      first.progress(),
    );
    expect(sim.model.activity.kind).toBe('resumed');
    expect(sim.transcript()).toEqual([
      ...first.transcript(),
      '⏺ resumed conversation conv-1 after turn 1; waiting for a prompt',
    ]);
    // No kickoff prompt, no turn ended: it sits at the prompt like an idle client.
    expect(sim.hooks()).toEqual([]);
    const screen = sim.screen().join('\n');
    expect(dialectFor('sim').classify(screen, { now: new Date(), zone: 'UTC' }).active).toBe(false);

    sim.line('launch restarted this session because it sat idle; please continue.');
    expect(sim.model.turns).toBe(2);
    expect(sim.transcript().slice(-3)).toEqual([
      '> launch restarted this session because it sat idle; please continue.',
      '⏺ turn 2: going on at step 3 of 4 (say)',
      '⏺ second turn',
    ]);
    expect(sim.model.activity.kind).toBe('waiting');
    expect(sim.hooks().map((hook) => hook.event)).toEqual(['UserPromptSubmit', 'Stop']);
    // A restart while it waits for the prompt keeps its place (the step is not skipped).
    expect(sim.progress().stepIndex).toBe(3);
  });

  it('keeps its place when restarted again before the prompt came', () => {
    const first = new SimHarness(makeContext([...STEPS]));
    const saved = { turns: first.model.turns, transcript: first.model.transcript };
    const sim = new SimHarness(makeContext([...STEPS], { resumed: saved }), first.progress());
    expect(sim.progress().stepIndex).toBe(first.progress().stepIndex);
  });
});

describe('the sim transcript file', () => {
  it('holds the conversation under its id, and reads back what was written', () => {
    const logDir = tempDir();
    const transcript = [
      { kind: 'input' as const, text: 'kickoff' },
      { kind: 'event' as const, text: 'did a thing' },
    ];
    writeConversation(logDir, 'c-1', { turns: 3, transcript });
    expect(conversationFile(logDir, 'c-1')).toMatch(/sim\/transcripts\/c-1\.jsonl$/);
    expect(readConversation(logDir, 'c-1')).toEqual({ ok: true, value: { turns: 3, transcript } });
  });

  it('an id it never had, a damaged file or an id that is no file name cannot be resumed', () => {
    const logDir = tempDir();
    expect(readConversation(logDir, 'nope')).toEqual({ ok: false, error: 'no such conversation' });
    writeConversation(logDir, 'c-2', { turns: 1, transcript: [] });
    writeFileSync(conversationFile(logDir, 'c-2'), '{"type":"conversation","sessionId":"other"}\n');
    expect(readConversation(logDir, 'c-2').ok).toBe(false);
    expect(readConversation(logDir, '../../etc/passwd').ok).toBe(false);
    expect(NO_CONVERSATION).toBe('No conversation found with session ID:');
  });
});

describe('the sim options for a resume', () => {
  it('--resume <id> takes no kickoff (not even LAUNCH_KICKOFF_FILE); an empty id is refused', () => {
    const parsed = parseSimOptions(['--role', 'builder', '--resume', 'c-9'], {
      LAUNCH_KICKOFF_FILE: '/nonexistent/kickoff.txt',
    });
    expect(parsed.ok && parsed.value).toMatchObject({ resumeId: 'c-9', kickoff: '' });
    expect(parseSimOptions(['--role', 'builder', '--resume', ' '], {})).toEqual({
      ok: false,
      error: '--resume must be a conversation id, got ""',
    });
  });

  it('the refuseResume quirk is a flag in the script', () => {
    const script = parseSimScript(
      JSON.stringify({ builder: { quirks: { refuseResume: true } } }),
      's.json',
    );
    expect(script.ok && script.value.builder?.quirks?.refuseResume).toBe(true);
    const bad = parseSimScript(
      JSON.stringify({ builder: { quirks: { refuseResume: 'yes' } } }),
      's.json',
    );
    expect(bad.ok).toBe(false);
  });
});
