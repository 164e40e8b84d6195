// The `needsInput` setting: its rules and deadline checked by zod (one clear line, exit 2, nothing
// started), its defaults, and how a prompt finds its rule (never an authentication prompt).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  autoAnswerFor,
  DEFAULT_NEEDS_INPUT_DEADLINE,
  resolveNeedsInput,
} from '../../src/config/needs-input-policy.js';
import { readConfigFileLayer } from '../../src/config/sources.js';
import { configJsonSchema } from '../../src/config/schema.js';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

function fileProblems(needsInput: unknown): string[] {
  const dir = tempDir();
  writeFileSync(join(dir, 'launch.config.json'), JSON.stringify({ needsInput }));
  const layer = readConfigFileLayer(dir);
  return layer.ok ? [] : layer.error;
}

describe('needsInput in launch.config.json', () => {
  it('takes rules, a deadline, an action and a default', () => {
    expect(
      fileProblems({
        autoAnswer: [
          { kind: 'trust', answer: '1' },
          { match: 'rm -rf', answer: '3' },
        ],
        needsInputDeadline: 1800,
        onDeadline: 'answer',
        default: '1',
      }),
    ).toEqual([]);
  });

  it.each([
    ['an auth rule', { autoAnswer: [{ kind: 'auth', answer: '1' }] }],
    ['a rule without kind or match', { autoAnswer: [{ answer: '1' }] }],
    ['a bad pattern', { autoAnswer: [{ match: '(', answer: '1' }] }],
    ['"answer" without a default', { onDeadline: 'answer' }],
    ['a negative deadline', { needsInputDeadline: -5 }],
    ['an unknown key', { deadline: 60 }],
  ])('refuses %s in one line naming the key', (_label, value) => {
    const problems = fileProblems(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/launch\.config\.json:\d+:\d+: "needsInput" must be an object/);
  });

  it('is in the JSON Schema for editors', () => {
    const properties = configJsonSchema().properties as Record<string, unknown>;
    expect(JSON.stringify(properties.needsInput)).toContain('needsInputDeadline');
  });

  it('a bad rule stops `launch start` with exit 2, one line, nothing started', async () => {
    const plan = tempDir();
    mkdirSync(join(plan, 'logs'));
    writeFileSync(
      join(plan, 'launch.config.json'),
      JSON.stringify({
        backend: 'sim',
        logDir: join(plan, 'logs'),
        needsInput: { autoAnswer: [{ kind: 'auth', answer: '1' }] },
      }),
    );
    const result = await runLaunch(['start'], {
      cwd: plan,
      env: { LAUNCH_TMUX_SOCKET: `never-${process.pid}`, XDG_STATE_HOME: join(plan, 'state') },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('"needsInput" must be');
    expect(existsSync(join(plan, 'logs', 'state.json'))).toBe(false);
  });
});

describe('the policy as decide reads it', () => {
  it('defaults: an hour, then a restart; a declared default is typed instead', () => {
    expect(resolveNeedsInput({})).toEqual({
      autoAnswer: [],
      deadlineSeconds: DEFAULT_NEEDS_INPUT_DEADLINE,
      onDeadline: 'restart',
      defaultAnswer: null,
    });
    expect(DEFAULT_NEEDS_INPUT_DEADLINE).toBe(3600);
    expect(resolveNeedsInput({ default: '1' }).onDeadline).toBe('answer');
    expect(resolveNeedsInput({ onDeadline: 'wait', default: '1' }).onDeadline).toBe('wait');
  });

  it('finds the first matching rule; an auth prompt never has one', () => {
    const rules = [
      { kind: 'trust' as const, answer: '1' },
      { match: 'sign in', answer: '2' },
    ];
    const trust = {
      kind: 'trust' as const,
      question: 'Do you trust the files in this folder?',
      options: ['Trust folder', "Don't trust"],
    };
    expect(autoAnswerFor(rules, trust)?.answer).toBe('1');
    const auth = {
      kind: 'auth' as const,
      question: 'Choose how you want to use Codex.',
      options: ['Sign in with ChatGPT'],
    };
    expect(autoAnswerFor(rules, auth)).toBeNull();
  });
});
