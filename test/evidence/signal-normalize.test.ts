// Each client's payload, shaped exactly as its shipped bundle builds it, normalised into one line.
import { describe, expect, it } from 'vitest';
import {
  normalizeSignal,
  PAYLOAD_CAP_BYTES,
  readPayload,
} from '../../src/evidence/signal-normalize.js';
import { signalLineSchema } from '../../src/evidence/types.js';

const TS = '2026-12-06T01:00:00.000Z';

/**
 * Claude Code 2.1.197 (compiled binary, `strings`): every hook input starts from `xd(...)` =
 * {session_id, transcript_path, cwd, prompt_id, permission_mode, agent_id, agent_type, effort}, then
 * per event: SessionStart {source: startup|resume|clear|compact, agent_type, model, session_title};
 * UserPromptSubmit {prompt, session_title}; PreToolUse {tool_name, tool_input, tool_use_id};
 * PostToolUse {… tool_response, duration_ms}; Stop {stop_hook_active, last_assistant_message};
 * Notification {message, title, notification_type}; SessionEnd {reason}.
 */
const claudeBase = {
  session_id: '6f1c2a4e-1111-4c3b-9d7e-0a1b2c3d4e5f',
  transcript_path:
    '/home/u/.claude/projects/-work-builder/6f1c2a4e-1111-4c3b-9d7e-0a1b2c3d4e5f.jsonl',
  cwd: '/work/builder',
  permission_mode: 'bypassPermissions',
};
const claude = (fields: Record<string, unknown>) => JSON.stringify({ ...claudeBase, ...fields });

describe('Claude Code hook payloads', () => {
  it('SessionStart carries the conversation id and the transcript path', () => {
    const line = normalizeSignal(
      'claude',
      claude({ hook_event_name: 'SessionStart', source: 'startup', model: 'claude-opus-4-5' }),
      undefined,
      TS,
    );
    expect(line).toEqual({
      ts: TS,
      event: 'session-start',
      source: 'claude',
      raw: 'SessionStart',
      conversationId: claudeBase.session_id,
      transcriptPath: claudeBase.transcript_path,
    });
    expect(signalLineSchema.safeParse(line).success).toBe(true);
  });

  it('UserPromptSubmit, PreToolUse, PostToolUse, Stop, SessionEnd', () => {
    const read = (fields: Record<string, unknown>) =>
      normalizeSignal('claude', claude(fields), undefined, TS);
    expect(read({ hook_event_name: 'UserPromptSubmit', prompt: 'go on' })?.event).toBe(
      'prompt-submitted',
    );
    expect(
      read({
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        tool_input: { command: 'ls' },
        tool_use_id: 'toolu_1',
      }),
    ).toMatchObject({ event: 'tool-start', tool: 'Bash' });
    expect(
      read({
        hook_event_name: 'PostToolUse',
        tool_name: 'Edit',
        tool_input: {},
        tool_response: { ok: true },
        tool_use_id: 'toolu_1',
        duration_ms: 12,
      }),
    ).toMatchObject({ event: 'tool-end', tool: 'Edit' });
    expect(
      read({ hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'done' })
        ?.event,
    ).toBe('stop');
    expect(read({ hook_event_name: 'SessionEnd', reason: 'other' })?.event).toBe('session-end');
  });

  it('Notification keeps its kind and message (permission_prompt, idle_prompt)', () => {
    expect(
      normalizeSignal(
        'claude',
        claude({
          hook_event_name: 'Notification',
          message: 'Claude needs your permission to use Bash',
          notification_type: 'permission_prompt',
        }),
        undefined,
        TS,
      ),
    ).toMatchObject({
      event: 'notification',
      notificationKind: 'permission_prompt',
      message: 'Claude needs your permission to use Bash',
    });
    // The idle text is the bundle's own: `Xpe({message:"Claude is waiting for your input",notificationType:"idle_prompt"})`.
    expect(
      normalizeSignal(
        'claude',
        claude({
          hook_event_name: 'Notification',
          message: 'Claude is waiting for your input',
          notification_type: 'idle_prompt',
        }),
        undefined,
        TS,
      ),
    ).toMatchObject({ notificationKind: 'idle_prompt' });
  });

  it('an event launch does not use, or none at all, gives no line', () => {
    expect(
      normalizeSignal('claude', claude({ hook_event_name: 'PreCompact' }), undefined, TS),
    ).toBe(null);
    expect(normalizeSignal('claude', '', undefined, TS)).toBe(null);
    expect(normalizeSignal('claude', '\u0000\u0001 not json', undefined, TS)).toBe(null);
  });

  it('the event argument names the event when the payload does not', () => {
    expect(normalizeSignal('claude', '', 'Stop', TS)).toEqual({
      ts: TS,
      event: 'stop',
      source: 'claude',
      raw: 'Stop',
    });
  });

  it('a payload cut at the cap (huge tool output) still gives what it names early on', () => {
    const huge = claude({
      hook_event_name: 'PostToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'cat big' },
      tool_response: { stdout: 'x'.repeat(3 * PAYLOAD_CAP_BYTES) },
    }).slice(0, PAYLOAD_CAP_BYTES);
    expect(normalizeSignal('claude', huge, undefined, TS)).toMatchObject({
      event: 'tool-end',
      tool: 'Bash',
      conversationId: claudeBase.session_id,
    });
  });

  it('control characters and overlong texts never reach the line', () => {
    const line = normalizeSignal(
      'claude',
      claude({
        hook_event_name: 'Notification',
        message: `\u001b[31mred\u001b[0m ${'y'.repeat(2000)}`,
        notification_type: 'permission_prompt',
      }),
      undefined,
      TS,
    );
    expect(line?.message).not.toMatch(/\u001b/);
    expect(line?.message?.length).toBeLessThanOrEqual(500);
  });

  it('fields of the wrong type are dropped, not trusted', () => {
    expect(
      normalizeSignal(
        'claude',
        JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 42, tool_name: ['x'] }),
        undefined,
        TS,
      ),
    ).toEqual({ ts: TS, event: 'tool-start', source: 'claude', raw: 'PreToolUse' });
    expect(readPayload('[1,2]')).toBe(null);
  });
});

describe('Codex notify payloads', () => {
  /**
   * Codex 0.171.0 (Rust binary, `strings`): the notify payload is serde kebab-case
   * `{"type":"agent-turn-complete","thread-id","turn-id","cwd","input-messages","last-assistant-message"}`
   * (the strings "agent-turn-complete", "turn-id", "input-messages", "last-assistant-message" sit
   * together in the binary), appended as the notify program's last argument.
   */
  it('agent-turn-complete is a stop with the thread id', () => {
    const payload = JSON.stringify({
      type: 'agent-turn-complete',
      'thread-id': '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      'turn-id': '12',
      cwd: '/work/builder',
      'input-messages': ['go on'],
      'last-assistant-message': 'Done.',
    });
    expect(normalizeSignal('codex', payload, undefined, TS)).toEqual({
      ts: TS,
      event: 'stop',
      source: 'codex',
      raw: 'agent-turn-complete',
      conversationId: '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    });
  });

  it('another type gives no line', () => {
    expect(
      normalizeSignal('codex', JSON.stringify({ type: 'approval-requested' }), undefined, TS),
    ).toBe(null);
  });
});

describe('Gemini CLI hook payloads', () => {
  /**
   * Gemini CLI 0.61.0 (bundle/chunk-5FZXKDXH.js, HookEventHandler.createBaseInput): {session_id,
   * transcript_path, cwd, hook_event_name, timestamp}; BeforeAgent {prompt}; BeforeTool {tool_name,
   * tool_input}; AfterTool {… tool_response}; AfterAgent {prompt, prompt_response,
   * stop_hook_active}; Notification {notification_type: "ToolPermission", message, details}.
   */
  const gemini = (fields: Record<string, unknown>) =>
    JSON.stringify({
      session_id: 'g-123',
      transcript_path: '/home/u/.gemini/tmp/x/chats/session-1.json',
      cwd: '/work/builder',
      timestamp: TS,
      ...fields,
    });
  it('maps its own event names', () => {
    const read = (fields: Record<string, unknown>) =>
      normalizeSignal('gemini', gemini(fields), undefined, TS);
    expect(read({ hook_event_name: 'SessionStart', source: 'startup' })).toMatchObject({
      event: 'session-start',
      conversationId: 'g-123',
      transcriptPath: '/home/u/.gemini/tmp/x/chats/session-1.json',
    });
    expect(read({ hook_event_name: 'BeforeAgent', prompt: 'go' })?.event).toBe('prompt-submitted');
    expect(read({ hook_event_name: 'BeforeTool', tool_name: 'run_shell_command' })).toMatchObject({
      event: 'tool-start',
      tool: 'run_shell_command',
    });
    expect(read({ hook_event_name: 'AfterTool', tool_name: 'read_file' })?.event).toBe('tool-end');
    expect(read({ hook_event_name: 'AfterAgent', prompt_response: 'ok' })?.event).toBe('stop');
    expect(
      read({
        hook_event_name: 'Notification',
        notification_type: 'ToolPermission',
        message: 'Allow run_shell_command?',
        details: {},
      }),
    ).toMatchObject({ event: 'notification', notificationKind: 'ToolPermission' });
    // Claude's names mean nothing to Gemini's table.
    expect(read({ hook_event_name: 'PreToolUse' })).toBe(null);
  });
});
