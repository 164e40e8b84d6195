import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/resolve.js';
import { roleDir, sessionName } from '../../src/config/roles.js';
import { DEFAULT_ROUTES, routesOf, teamOf } from '../../src/config/team.js';
import { tempDir } from '../helpers/temp-dir.js';

function withConfig(config: string, env: Record<string, string> = {}) {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'launch.config.json'), config);
  return { cwd, result: loadSettings({ cwd, env }) };
}

describe('the team from the settings', () => {
  it('without roles: today three roles, named, placed and modelled exactly as before', () => {
    const cwd = tempDir();
    const loaded = loadSettings({
      cwd,
      env: {
        BUILDER_DIR: 'b',
        ADV_DIR: 'a',
        ADV_MODEL: 'opus',
        LOOP_MODEL: 'sonnet',
        LOOP_BACKEND: 'codex',
        ORCH_SESSION: 'boss',
        SESSION_PREFIX: 'run',
      },
    });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const team = teamOf(loaded.value.settings);
    expect(
      team.map((role) => [role.name, role.session, role.dir, role.model, role.backend, role.kind]),
    ).toEqual([
      ['builder', 'run-builder', join(cwd, 'b'), 'sonnet', 'codex', 'agent'],
      ['adversary', 'run-adv', join(cwd, 'a'), 'opus', 'codex', 'agent'],
      ['orchestrator', 'boss', cwd, 'sonnet', 'codex', 'orchestrator'],
    ]);
    expect(routesOf(loaded.value.settings)).toBe(DEFAULT_ROUTES);
    expect(sessionName(loaded.value.settings, 'adversary')).toBe('run-adv');
    expect(roleDir(loaded.value.settings, 'builder')).toBe(join(cwd, 'b'));
  });

  it('with roles: each its own backend, model, clone, prompt and session; paths from the plan dir', () => {
    const { cwd, result } = withConfig(
      JSON.stringify({
        roles: [
          { name: 'builder', dir: 'clones/b1', backend: 'claude' },
          { name: 'builder-2', dir: 'clones/b2', backend: 'claude', model: 'haiku' },
          {
            name: 'adversary',
            dir: 'clones/rev',
            backend: 'codex',
            stallIdle: 600,
            staleAfter: 120,
          },
          { name: 'lead', dir: '.', kind: 'orchestrator', session: 'the-lead' },
        ],
        routes: [
          { on: 'claim', notify: ['adversary'] },
          { on: 'review', notify: ['builder', 'builder-2'] },
          { inbox: 'LEAD-INBOX.md', notify: 'lead', text: 'watchdog ping: read LEAD-INBOX.md' },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { settings } = result.value;
    const team = teamOf(settings);
    expect(team.map((role) => role.session)).toEqual([
      'loop-builder',
      'loop-builder-2',
      'loop-adv',
      'the-lead',
    ]);
    expect(team[1]).toMatchObject({
      dir: join(cwd, 'clones/b2'),
      model: 'haiku',
      prompt: join(cwd, 'prompts', 'builder-2.md'),
    });
    expect(team[2]).toMatchObject({
      backend: 'codex',
      stallIdle: 600,
      staleAfter: 120,
      watched: true,
    });
    expect(team[3]).toMatchObject({ kind: 'orchestrator', dir: cwd });
    // The status file and the handoff git are read in the first role's clone.
    expect(settings.builderDir).toBe(join(cwd, 'clones/b1'));
    expect(routesOf(settings)[2]).toEqual({
      kind: 'inbox',
      file: 'LEAD-INBOX.md',
      notify: ['lead'],
      text: 'watchdog ping: read LEAD-INBOX.md',
    });
    expect(sessionName(settings, 'lead')).toBe('the-lead');
    expect(roleDir(settings, 'builder-2')).toBe(join(cwd, 'clones/b2'));
  });
});

describe('team config errors: one line each, naming the key path at its line and column', () => {
  const cases: [string, string, RegExp][] = [
    [
      'two roles with one session name',
      '{\n  "roles": [\n    { "name": "a", "dir": "." },\n    { "name": "b", "dir": ".", "session": "loop-a" }\n  ]\n}',
      /launch\.config\.json:4:43: "roles\[1\]\.session": roles "a" and "b" share the session name "loop-a"; give one a "session" of its own$/,
    ],
    [
      'a route to a role that does not exist',
      '{\n  "roles": [{ "name": "a", "dir": "." }],\n  "routes": [{ "on": "claim", "notify": ["a", "reviewer"] }]\n}',
      /launch\.config\.json:3:47: "routes\[0\]\.notify\[1\]": route to role "reviewer", which the team does not have \(roles: a\)$/,
    ],
    [
      'a route to a default role that the configured team lacks',
      '{ "routes": [{ "inbox": "X.md", "notify": "lead" }] }',
      /launch\.config\.json:1:43: "routes\[0\]\.notify": route to role "lead", which the team does not have \(roles: builder, adversary, orchestrator\)$/,
    ],
    [
      'a role without a directory',
      '{\n  "roles": [\n    { "name": "a", "dir": "." },\n    { "name": "b" }\n  ]\n}',
      /launch\.config\.json:4:5: "roles\[1\]\.dir" is required$/,
    ],
    [
      'an unknown backend',
      '{\n  "roles": [\n    { "name": "a", "dir": ".", "backend": "cursor" }\n  ]\n}',
      /launch\.config\.json:3:43: "roles\[0\]\.backend" must be one of claude, opencode, codex, gemini, sim$/,
    ],
    [
      'two roles with one name',
      '{ "roles": [{ "name": "a", "dir": "." }, { "name": "a", "dir": "x" }] }',
      /launch\.config\.json:1:52: "roles\[1\]\.name": role "a" is defined twice \(roles\[0\] and roles\[1\]\)$/,
    ],
    [
      'two orchestrators',
      '{ "roles": [{ "name": "a", "dir": ".", "kind": "orchestrator" }, { "name": "b", "dir": ".", "kind": "orchestrator" }] }',
      /"roles\[1\]\.kind": only one role may be "kind": "orchestrator"/,
    ],
    [
      'a misspelt role key',
      '{ "roles": [{ "name": "a", "dir": ".", "modle": "x" }] }',
      /launch\.config\.json:1:13: "roles\[0\]" has unknown key "modle"$/,
    ],
    [
      'a role named like the watchdog',
      '{ "roles": [{ "name": "watchdog", "dir": "." }] }',
      /"roles\[0\]\.name" "watchdog" is the name of launch's own session$/,
    ],
  ];
  it.each(cases)('%s', (_name, config, message) => {
    const { result } = withConfig(config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toHaveLength(1);
    expect(result.error[0]).toMatch(message);
  });

  it('LAUNCH_ROLES from the environment: its problems name the variable', () => {
    const cwd = tempDir();
    const result = loadSettings({
      cwd,
      env: { LAUNCH_ROLES: '[{"name":"a","dir":"."},{"name":"b","dir":".","session":"loop-a"}]' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual([
      'LAUNCH_ROLES: roles[1].session: roles "a" and "b" share the session name "loop-a"; give one a "session" of its own',
    ]);
  });
});
