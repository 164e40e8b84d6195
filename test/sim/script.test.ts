import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRIPT } from '../../src/sim/default-script.js';
import { loadSimScript, parseSimScript, selectProgram } from '../../src/sim/script-load.js';
import type { SimScript } from '../../src/sim/script-schema.js';
import { tempDir } from '../helpers/temp-dir.js';

const error = (text: string): string => {
  const result = parseSimScript(text, '/plan/sim.json');
  if (result.ok) throw new Error('expected an error');
  return result.error;
};

describe('sim script: errors name the file, position and JSON path', () => {
  it.each([
    [
      '{"builder": {"steps": [{"do": "wrok"}]}}',
      '/plan/sim.json:1:31: builder.steps[0].do must be one of work, say, commit, pull, wait, limit, idle, declare-wait, fatal, prompt, exit, done, got "wrok" (did you mean "work"?)',
    ],
    [
      '{"builder": {"steps": [{"do": "work", "seconds": -1}]}}',
      '/plan/sim.json:1:50: builder.steps[0].seconds must be a positive number of seconds, got -1',
    ],
    [
      '{"builder": {"steps": [{"do": "work", "secs": 1}]}}',
      '/plan/sim.json:1:39: unknown key "secs" in builder.steps[0] (did you mean "seconds"?)',
    ],
    [
      '{"builder": {"steps": [{"do": "work"}]}}',
      '/plan/sim.json:1:24: builder.steps[0] needs "seconds": a positive number of seconds',
    ],
    [
      '{"builder": {"steps": [{"seconds": 1}]}}',
      '/plan/sim.json:1:24: builder.steps[0] needs "do": one of work, say, commit, pull, wait, limit, idle, declare-wait, fatal, prompt, exit, done',
    ],
    [
      '{"buidler": {}}',
      '/plan/sim.json:1:2: unknown key "buidler" in the script (did you mean "builder"?)',
    ],
    [
      '{"builder": {"steps": [{"do": "wait", "match": "("}]}}',
      '/plan/sim.json:1:48: builder.steps[0].match must be a regular expression (JavaScript syntax, matched case-insensitively), got "("',
    ],
    [
      '{"builder": {"steps": [{"do": "commit", "subject": "x", "files": [{"path": "../x", "text": ""}]}]}}',
      '/plan/sim.json:1:76: builder.steps[0].files[0].path must be a path inside the clone (relative, no "..", not in .git), got "../x"',
    ],
    [
      '{"builder": {"quirks": {"submitGuardMs": 1.5}}}',
      '/plan/sim.json:1:42: builder.quirks.submitGuardMs must be a whole number of milliseconds (0 or more), got 1.5',
    ],
    [
      '{"builder": {"quirks": {"ignoreSubmit": 1}}}',
      '/plan/sim.json:1:25: unknown key "ignoreSubmit" in builder.quirks (did you mean "ignoreSubmits"?)',
    ],
    [
      '{"builder": {"steps": [{"do": "limit", "resetSeconds": 3, "style": "clock"}]}}',
      '/plan/sim.json:1:68: builder.steps[0].style must be "epoch" or "time", got "clock"',
    ],
    [
      '{"builder": {"phases": {"p 1": []}}}',
      '/plan/sim.json:1:32: builder.phases: key "p 1" must be a phase id or "#N" (the N-th phase, 1-based)',
    ],
    [
      '{"builder": {"steps": 3}}',
      '/plan/sim.json:1:23: builder.steps must be a list of steps, got 3',
    ],
    [
      '[]',
      '/plan/sim.json:1:1: the script must be an object { "builder": …, "adversary": …, "orchestrator": … }, got []',
    ],
    [
      '{"builder": {"steps": [],}}',
      '/plan/sim.json:1:26: invalid JSON: expected a property name in double quotes',
    ],
    [
      '{\n  "adversary": {\n    "steps": [{ "do": "exit", "code": 300 }]\n  }\n}',
      '/plan/sim.json:3:39: adversary.steps[0].code must be a whole number 0-255, got 300',
    ],
  ])('%s', (text, message) => {
    expect(error(text)).toBe(message);
  });

  it('reports a missing or unreadable file', () => {
    const dir = tempDir();
    expect(loadSimScript(join(dir, 'nope.json'))).toEqual({
      ok: false,
      error: `${join(dir, 'nope.json')}: no such sim script file`,
    });
    const unreadable = loadSimScript(dir);
    expect(unreadable.ok ? '' : unreadable.error).toMatch(/^.*: cannot read: EISDIR/);
    const file = join(dir, 'sim.json');
    writeFileSync(file, JSON.stringify({ builder: { steps: [{ do: 'say', text: 'hi' }] } }));
    expect(loadSimScript(file)).toEqual({
      ok: true,
      value: { builder: { steps: [{ do: 'say', text: 'hi' }] } },
    });
  });
});

describe('sim script: choosing the steps for a role and phase', () => {
  const script: SimScript = {
    builder: {
      steps: [{ do: 'say', text: 'default' }],
      phases: {
        p2: [{ do: 'say', text: 'by id' }],
        '#2': [{ do: 'say', text: 'by position' }],
        '#3': [{ do: 'say', text: 'third' }],
      },
      quirks: { submitGuardMs: 300 },
    },
    adversary: { quirks: { ignoreInput: true }, screen: 'unknown', signals: false },
  };

  it('prefers the phase id, then "#N", then the default steps', () => {
    expect(selectProgram(script, 's.json', 'builder', { id: 'p2', index: 1 })).toEqual({
      steps: [{ do: 'say', text: 'by id' }],
      quirks: { submitGuardMs: 300 },
      source: 's.json, phase p2',
      screen: 'claude',
      signals: true,
    });
    expect(selectProgram(script, 's.json', 'builder', { id: 'x', index: 2 }).steps).toEqual([
      { do: 'say', text: 'third' },
    ]);
    expect(selectProgram(script, 's.json', 'builder', { id: 'x', index: 0 })).toMatchObject({
      steps: [{ do: 'say', text: 'default' }],
      source: 's.json',
    });
    expect(selectProgram(script, 's.json', 'adversary', { id: 'p1', index: 0 })).toEqual({
      steps: [],
      quirks: { ignoreInput: true },
      source: 's.json',
      screen: 'unknown',
      signals: false,
    });
  });

  it('uses the bundled demo for a role the file leaves out, and without a file', () => {
    expect(selectProgram(script, 's.json', 'orchestrator', { id: 'p1', index: 0 })).toMatchObject({
      steps: DEFAULT_SCRIPT.orchestrator?.steps,
      source: 'the bundled demo script',
    });
    expect(selectProgram(null, '', 'builder', { id: 'alpha', index: 0 })).toMatchObject({
      steps: DEFAULT_SCRIPT.builder?.phases?.['#1'],
      source: 'the bundled demo script, phase #1',
    });
  });

  it('the bundled demo script is a valid script file', () => {
    expect(parseSimScript(JSON.stringify(DEFAULT_SCRIPT), 'default')).toEqual({
      ok: true,
      value: DEFAULT_SCRIPT,
    });
  });
});
