import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_KEYS, FIELDS } from '../../src/config/fields.js';
import { loadSettings, RUN_SETTINGS_FILE } from '../../src/config/resolve.js';
import { tempDir } from '../helpers/temp-dir.js';

function load(options: Partial<Parameters<typeof loadSettings>[0]> & { cwd: string }) {
  return loadSettings({ env: {}, ...options });
}

describe('settings sources', () => {
  it('uses the documented defaults with nothing set', () => {
    const cwd = tempDir();
    const result = load({ cwd });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { settings } = result.value;
    expect(settings).toMatchObject({
      backend: 'claude',
      planDir: cwd,
      builderDir: cwd,
      advDir: cwd,
      logDir: join(cwd, '.launch'),
      orchWakePrompt: join(cwd, 'prompts', 'wake.md'),
      watchInterval: 300,
      signalInterval: 30,
      orchWakeInterval: 3600,
      stallIdle: 300,
      stallGrace: 180,
      limitProbeFallback: 300,
      limitResetSlack: 45,
      opencodeStallIdle: 900,
      opencodeLogGrace: 180,
      motionBound: 4,
      unrecognisedAfter: 3,
      remoteControl: true,
      watchOrchestrator: true,
      sessionPrefix: 'loop',
      tmuxSocket: null,
      phasesSpec: null,
      maxRestarts: 5,
    });
  });

  it('merges defaults < config file < environment < flags', () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'launch.config.json'),
      JSON.stringify({ signalInterval: 10, watchInterval: 20, stallIdle: 40, backend: 'codex' }),
    );
    const result = load({
      cwd,
      env: { SIGNAL_INTERVAL: '11', WATCH_INTERVAL: '21' },
      flags: { watchInterval: 22 },
    });
    expect(result.ok && result.value.settings).toMatchObject({
      signalInterval: 11,
      watchInterval: 22,
      stallIdle: 40,
      backend: 'codex',
    });
  });

  it('reads every environment name of the spec', () => {
    const cwd = tempDir();
    const env = {
      LOOP_BACKEND: 'opencode',
      LOOP_MODEL: 'sonnet',
      ADV_MODEL: 'opus',
      RESUME_PHASE: '1',
      CLAUDE_BIN: '/opt/claude',
      CLAUDE_FLAGS: `--foo "two words" --bar='$(x)'`,
      OPENCODE_BIN: '/opt/oc',
      OPENCODE_SERVER: 'http://127.0.0.1:5000',
      PLAN_DIR: cwd,
      BUILDER_DIR: 'b dir',
      ADV_DIR: '/abs/adv',
      LOG_DIR: 'logs',
      PHASES_SPEC: 'a|pa.md|SA.md',
      WATCH_INTERVAL: '301',
      SIGNAL_INTERVAL: '0.5',
      ORCH_WAKE_INTERVAL: '60',
      ORCH_WAKE_PROMPT: 'wake.txt',
      ORCH_SESSION: 'orch',
      WATCH_ORCHESTRATOR: '0',
      STALL_IDLE: '5',
      STALL_GRACE: '6',
      LIMIT_PROBE_FALLBACK: '7',
      LIMIT_RESET_SLACK: '8',
      OPENCODE_STALL_IDLE: '9',
      OPENCODE_LOG_GRACE: '10',
      REMOTE_CONTROL: '0',
      SESSION_PREFIX: 'cc-ci',
      LAUNCH_TMUX_SOCKET: 'sock.1',
      LIMIT_TZ: 'America/New_York',
    };
    const result = load({ cwd: '/', env });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.settings).toMatchObject({
      backend: 'opencode',
      loopModel: 'sonnet',
      advModel: 'opus',
      resumePhase: true,
      claudeBin: '/opt/claude',
      claudeFlags: ['--foo', 'two words', '--bar=$(x)'],
      opencodeBin: '/opt/oc',
      opencodeServer: 'http://127.0.0.1:5000',
      planDir: cwd,
      builderDir: '/b dir',
      advDir: '/abs/adv',
      logDir: '/logs',
      phasesSpec: 'a|pa.md|SA.md',
      watchInterval: 301,
      signalInterval: 0.5,
      orchWakeInterval: 60,
      orchWakePrompt: '/wake.txt',
      orchSession: 'orch',
      watchOrchestrator: false,
      stallIdle: 5,
      stallGrace: 6,
      limitProbeFallback: 7,
      limitResetSlack: 8,
      opencodeStallIdle: 9,
      opencodeLogGrace: 10,
      remoteControl: false,
      sessionPrefix: 'cc-ci',
      tmuxSocket: 'sock.1',
      limitTz: 'America/New_York',
    });
  });

  it('reads relative paths in the config file against the plan dir, in env against cwd', () => {
    const plan = tempDir();
    writeFileSync(
      join(plan, 'launch.config.json'),
      JSON.stringify({ builderDir: '../builder', logDir: 'logs' }),
    );
    const result = load({ cwd: '/', env: { PLAN_DIR: plan, ADV_DIR: 'adv' } });
    expect(result.ok && result.value.settings).toMatchObject({
      builderDir: join(plan, '..', 'builder'),
      logDir: join(plan, 'logs'),
      advDir: '/adv',
    });
  });

  it('treats an empty environment variable as unset', () => {
    const cwd = tempDir();
    const result = load({ cwd, env: { SIGNAL_INTERVAL: '', LOOP_BACKEND: '' } });
    expect(result.ok && result.value.settings).toMatchObject({
      signalInterval: 30,
      backend: 'claude',
    });
  });

  it('layers the persisted run settings between the config file and the environment', () => {
    const cwd = tempDir();
    const first = load({ cwd, env: { LOOP_BACKEND: 'sim', STALL_IDLE: '7' } });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    mkdirSync(first.value.settings.logDir, { recursive: true });
    writeFileSync(
      join(first.value.settings.logDir, RUN_SETTINGS_FILE),
      JSON.stringify(first.value.settings),
    );
    writeFileSync(join(cwd, 'launch.config.json'), JSON.stringify({ backend: 'codex' }));
    const later = load({ cwd, env: { STALL_IDLE: '9' }, usePersisted: true });
    expect(later.ok && later.value).toMatchObject({
      fromRun: true,
      settings: { backend: 'sim', stallIdle: 9 },
    });
  });

  it('ignores a damaged run settings file with a warning', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, '.launch'));
    writeFileSync(join(cwd, '.launch', RUN_SETTINGS_FILE), '{ nope');
    const result = load({ cwd, usePersisted: true });
    expect(result.ok && result.value.fromRun).toBe(false);
    expect(result.ok && result.value.warnings[0]).toMatch(/run-settings\.json is damaged/);
  });
});

describe('setting errors name the source, what was expected and what came', () => {
  const cwd = '/';
  it.each([
    [{ SIGNAL_INTERVAL: 'abc' }, 'SIGNAL_INTERVAL must be a positive number of seconds, got "abc"'],
    [{ WATCH_INTERVAL: '-5' }, 'WATCH_INTERVAL must be a positive number of seconds, got "-5"'],
    [{ STALL_IDLE: '0' }, 'STALL_IDLE must be a positive number of seconds, got "0"'],
    [
      { LOOP_BACKEND: 'claud' },
      'LOOP_BACKEND must be one of claude, opencode, codex, gemini, sim, got "claud"',
    ],
    [{ RESUME_PHASE: 'maybe' }, 'RESUME_PHASE must be 1 or 0 (true or false), got "maybe"'],
    [{ MAX_RESTARTS: '2.5' }, 'MAX_RESTARTS must be a positive whole number, got "2.5"'],
    [{ MOTION_BOUND: '0' }, 'MOTION_BOUND must be a positive whole number, got "0"'],
    [
      { UNRECOGNISED_AFTER: 'three' },
      'UNRECOGNISED_AFTER must be a positive whole number, got "three"',
    ],
    [{ SESSION_PREFIX: 'a b' }, 'SESSION_PREFIX must be letters, digits, "_" and "-", got "a b"'],
    [
      { LAUNCH_TMUX_SOCKET: '../x y' },
      'LAUNCH_TMUX_SOCKET must be a socket name (letters, digits, ".", "_" and "-"), got "../x y"',
    ],
    [
      { LIMIT_TZ: 'Mars/Olympus' },
      'LIMIT_TZ must be an IANA time zone such as America/New_York, got "Mars/Olympus"',
    ],
    [
      { CLAUDE_FLAGS: '--a; rm -rf /' },
      'CLAUDE_FLAGS must be command-line flags without shell operators (; | & $( ) # < >), got "--a; rm -rf /"',
    ],
    [
      { CLAUDE_FLAGS: '--a $(touch x)' },
      'CLAUDE_FLAGS must be command-line flags without shell operators (; | & $( ) # < >), got "--a $(touch x)"',
    ],
    [
      { OPENCODE_SERVER: 'not a url' },
      'OPENCODE_SERVER must be a URL such as http://127.0.0.1:4096, got "not a url"',
    ],
  ])('%o', (env, message) => {
    const result = loadSettings({ cwd, env });
    expect(result).toEqual({ ok: false, error: [message] });
  });

  it('reports every bad variable at once', () => {
    const result = loadSettings({ cwd, env: { SIGNAL_INTERVAL: 'x', WATCH_INTERVAL: 'y' } });
    expect(result.ok ? [] : result.error).toHaveLength(2);
  });

  it('names the flag for a bad flag value', () => {
    const result = loadSettings({
      cwd,
      env: {},
      flags: { backend: 'nope' as never },
      flagNames: { backend: '--backend' },
    });
    expect(result).toEqual({
      ok: false,
      error: ['--backend must be one of claude, opencode, codex, gemini, sim, got "nope"'],
    });
  });

  it.each([
    [
      '{"signalInterval": -5}',
      /launch\.config\.json:1:20: "signalInterval" must be a positive number of seconds, got -5$/,
    ],
    [
      '{\n  "sigalInterval": 5\n}',
      /launch\.config\.json:2:3: unknown key "sigalInterval" \(did you mean "signalInterval"\?\)$/,
    ],
    [
      '{"zzz": 1}',
      /launch\.config\.json:1:2: unknown key "zzz" \(see launch\.config\.schema\.json for the keys\)$/,
    ],
    [
      '{"planDir": "x"}',
      /launch\.config\.json:1:2: "planDir" cannot be set in the config file; use --plan-dir or PLAN_DIR$/,
    ],
    [
      '{"backend": "claude",}',
      /launch\.config\.json:1:22: invalid JSON: expected a property name in double quotes$/,
    ],
    ['{\n"backend": "claude"', /launch\.config\.json:2:20: invalid JSON: expected "}"$/],
    ['[1]', /launch\.config\.json:1:1: expected a JSON object of settings, got \[1\]$/],
    [
      '{"claudeFlags": "--x"}',
      /"claudeFlags" must be a list of strings, e\.g\. \["--verbose"\], got "--x"$/,
    ],
  ])('config file %s', (text, pattern) => {
    const plan = tempDir();
    writeFileSync(join(plan, 'launch.config.json'), text);
    const result = loadSettings({ cwd: plan, env: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toHaveLength(1);
    expect(result.error[0]).toMatch(pattern);
    expect(result.error[0]?.startsWith(join(plan, 'launch.config.json'))).toBe(true);
  });
});

describe('field table', () => {
  it('gives every field an env name, an expectation and a description', () => {
    const envNames = new Set<string>();
    for (const key of FIELD_KEYS) {
      const spec = FIELDS[key];
      expect(spec.env).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(envNames.has(spec.env)).toBe(false);
      envNames.add(spec.env);
      expect(spec.expects.length).toBeGreaterThan(3);
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });
});

describe('paths', () => {
  it('refuses control characters (a newline would end a typed line early)', () => {
    const result = loadSettings({ cwd: '/', env: { LOG_DIR: '/tmp/a\nb' } });
    expect(result).toEqual({
      ok: false,
      error: ['LOG_DIR must be a directory path without control characters, got "/tmp/a\\nb"'],
    });
  });

  it('accepts spaces, quotes and $(...) as plain characters', () => {
    const result = loadSettings({ cwd: '/', env: { BUILDER_DIR: `/tmp/it's "a" $(x) dir` } });
    expect(result.ok && result.value.settings.builderDir).toBe(`/tmp/it's "a" $(x) dir`);
  });
});
