import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, loadPhases, parsePhasesSpec } from '../../src/phases/manifest.js';
import { tempDir } from '../helpers/temp-dir.js';

function planDirWith(manifest: string): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'phases'));
  writeFileSync(join(dir, 'phases', 'phases.json'), manifest);
  return dir;
}

describe('phases.json', () => {
  it('loads an ordered sequence with plan paths relative to phases/', () => {
    const dir = planDirWith(
      '[{"id":"p1","plan":"a.md","status":"S1.md"},{"id":"p2","plan":"sub/b.md","status":"S2.md"}]',
    );
    const result = loadManifest(dir);
    expect(
      result.ok &&
        result.value.phases.map(({ id, planPath, status }) => ({ id, planPath, status })),
    ).toEqual([
      { id: 'p1', planPath: join(dir, 'phases', 'a.md'), status: 'S1.md' },
      { id: 'p2', planPath: join(dir, 'phases', 'sub', 'b.md'), status: 'S2.md' },
    ]);
  });

  it.each([
    ['[{"id":"p1","plan":"a.md","status":"S"}', ':1:40: invalid JSON: expected "]"'],
    [
      '{"phases": []}',
      ':1:1: expected an array of phases [{ "id", "plan", "status" }], got an object',
    ],
    ['[]', ':1:1: the manifest lists no phases'],
    [
      '[\n  {"id":"p1","plan":"a.md","status":42}\n]',
      ':2:37: "status" must be a file name (no "/"), got 42',
    ],
    [
      '[{"id":"p1","plan":"a.md","status":"x/S"}]',
      ':1:36: "status" must be a file name (no "/"), got "x/S"',
    ],
    [
      '[{"id":"p 1","plan":"a.md","status":"S"}]',
      ':1:8: "id" must be an id of letters, digits, ".", "_" and "-" (not starting with "." or "-"), got "p 1"',
    ],
    ['[{"id":"$(x)","plan":"a.md","status":"S"}]', ':1:8: "id" must be an id of letters, digits'],
    [
      '[{"id":"p1","status":"S"}]',
      ':1:2: phase 1 is missing "plan" (a path to the plan file, relative to phases/)',
    ],
    [
      '[{"id":"p1","plan":"a.md","status":"S","extra":1}]',
      ':1:40: unknown key "extra" in phase 1 (expected id, plan, status)',
    ],
    ['["p1"]', ':1:2: phase 1 must be an object { "id", "plan", "status" }, got "p1"'],
  ])('%s', (manifest, expected) => {
    const dir = planDirWith(manifest);
    const result = loadManifest(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toHaveLength(1);
    expect(result.error[0]).toContain(`${join(dir, 'phases', 'phases.json')}${expected}`);
  });

  it('reports every duplicate id, pointing at the repeat', () => {
    const dir = planDirWith(
      '[\n{"id":"a","plan":"a.md","status":"A"},\n{"id":"a","plan":"b.md","status":"B"},\n{"id":"a","plan":"c.md","status":"C"}]',
    );
    const result = loadManifest(dir);
    expect(result.ok ? [] : result.error).toEqual([
      `${join(dir, 'phases', 'phases.json')}:3:7: duplicate phase id "a" (also phase 1)`,
      `${join(dir, 'phases', 'phases.json')}:4:7: duplicate phase id "a" (also phase 1)`,
    ]);
  });

  it('says how to fix a missing manifest', () => {
    const dir = tempDir();
    const result = loadManifest(dir);
    expect(result.ok ? '' : result.error[0]).toMatch(
      /phases\.json: no phase manifest; run `launch init` or set PHASES_SPEC$/,
    );
  });
});

describe('PHASES_SPEC', () => {
  it('parses id|plan|status entries with plans relative to the plan dir', () => {
    const result = parsePhasesSpec(
      '1c|plan-1c.md|STATUS-1c.md; 2|plans/p2.md|STATUS-2.md;',
      '/plan',
    );
    expect(
      result.ok && result.value.phases.map(({ id, planPath, status }) => [id, planPath, status]),
    ).toEqual([
      ['1c', '/plan/plan-1c.md', 'STATUS-1c.md'],
      ['2', '/plan/plans/p2.md', 'STATUS-2.md'],
    ]);
  });

  it.each([
    ['', 'PHASES_SPEC lists no phases; expected "id|plan|status;id|plan|status"'],
    [
      'a|b',
      'PHASES_SPEC entry 1 must be "id|plan|status" with 3 parts separated by "|" (found 2), got "a|b"',
    ],
    [
      'a|p.md|S;b c|p.md|T',
      'PHASES_SPEC entry 2 must be "id|plan|status" with id an id of letters',
    ],
    ['a|p.md|S/x', 'PHASES_SPEC entry 1 must be "id|plan|status" with status a file name (no "/")'],
    ['a|p.md|S;a|q.md|T', 'PHASES_SPEC entry 2: duplicate phase id "a"'],
  ])('%j', (spec, message) => {
    const result = parsePhasesSpec(spec, '/plan');
    expect(result.ok ? '' : result.error[0]).toContain(message);
  });

  it('overrides the manifest when set', () => {
    const dir = planDirWith('[{"id":"m","plan":"a.md","status":"S"}]');
    const result = loadPhases({ planDir: dir, phasesSpec: 'x|x.md|X.md' });
    expect(result.ok && result.value.phases.map((phase) => phase.id)).toEqual(['x']);
    expect(result.ok && result.value.source).toBe('PHASES_SPEC');
  });
});
