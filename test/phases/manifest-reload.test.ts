// Hot reload rules for phases.json: checked like `launch phases validate`, and the phases up to the
// current one stay in place.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/phases/manifest.js';
import { checkManifestEdit } from '../../src/phases/manifest-reload.js';
import type { Phase } from '../../src/phases/phase.js';
import { tempDir } from '../helpers/temp-dir.js';

const entry = (id: string, status = `STATUS-${id}.md`) => ({ id, plan: `plan-${id}.md`, status });

function planDir(ids: readonly string[]): { dir: string; phases: readonly Phase[] } {
  const dir = tempDir();
  mkdirSync(join(dir, 'phases'));
  for (const id of ['p1', 'p2', 'p3', 'p4'])
    writeFileSync(join(dir, 'phases', `plan-${id}.md`), id);
  writeFileSync(join(dir, 'phases', 'phases.json'), JSON.stringify(ids.map((id) => entry(id))));
  const loaded = loadManifest(dir);
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  return { dir, phases: loaded.value.phases };
}

const write = (dir: string, value: unknown): void =>
  writeFileSync(
    join(dir, 'phases', 'phases.json'),
    typeof value === 'string' ? value : JSON.stringify(value),
  );

describe('checkManifestEdit', () => {
  it('is unchanged when the sequence reads the same', () => {
    const { dir, phases } = planDir(['p1', 'p2']);
    write(dir, `[\n  ${JSON.stringify(entry('p1'))},\n  ${JSON.stringify(entry('p2'))}\n]\n`);
    expect(checkManifestEdit({ planDir: dir }, phases, 0)).toEqual({ kind: 'unchanged' });
  });

  it('takes an added later phase and a changed later phase', () => {
    const { dir, phases } = planDir(['p1', 'p2']);
    write(dir, [entry('p1'), entry('p2'), entry('p3')]);
    const added = checkManifestEdit({ planDir: dir }, phases, 1);
    expect(added.kind).toBe('reloaded');
    if (added.kind !== 'reloaded') return;
    expect(added.phases.map((phase) => phase.id)).toEqual(['p1', 'p2', 'p3']);
    expect(added.summary).toBe('2 → 3 phases: p1 p2 p3');
    write(dir, [entry('p1'), entry('p2', 'DONE-p2.md')]);
    const changed = checkManifestEdit({ planDir: dir }, phases, 1);
    expect(changed).toMatchObject({ kind: 'reloaded', summary: 'changed p2' });
  });

  it('refuses broken JSON, a missing plan file and a shared status file, with every problem', () => {
    const { dir, phases } = planDir(['p1', 'p2']);
    write(dir, '[{"id":"p1","plan":"plan-p1.md","status":"S.md"},');
    const broken = checkManifestEdit({ planDir: dir }, phases, 0);
    expect(broken.kind).toBe('rejected');
    expect(broken.kind === 'rejected' && broken.problems[0]).toMatch(/phases\.json:1:\d+: /);
    write(dir, [entry('p1'), { id: 'p9', plan: 'nope.md', status: 'STATUS-p1.md' }]);
    const files = checkManifestEdit({ planDir: dir }, phases, 0);
    expect(files.kind === 'rejected' && files.problems).toEqual([
      expect.stringMatching(/plan file .*nope\.md does not exist/),
      expect.stringMatching(/phases "p1" and "p9" share the status file STATUS-p1\.md/),
    ]);
  });

  it('refuses an edit that moves or removes the current or a finished phase', () => {
    const { dir, phases } = planDir(['p1', 'p2', 'p3']);
    write(dir, [entry('p1'), entry('p3'), entry('p2')]);
    const moved = checkManifestEdit({ planDir: dir }, phases, 1);
    expect(moved.kind === 'rejected' && moved.problems[0]).toMatch(
      /moves or removes "p2", the current phase \(phase 2\)/,
    );
    write(dir, [entry('p2'), entry('p3')]);
    const removed = checkManifestEdit({ planDir: dir }, phases, 1);
    expect(removed.kind === 'rejected' && removed.problems[0]).toMatch(
      /moves or removes "p1", a finished phase \(phase 1\)/,
    );
    // the same reorder is fine while both phases are still ahead
    write(dir, [entry('p1'), entry('p3'), entry('p2')]);
    expect(checkManifestEdit({ planDir: dir }, phases, 0).kind).toBe('reloaded');
  });
});
