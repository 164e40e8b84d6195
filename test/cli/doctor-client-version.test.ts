import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLaunch } from '../helpers/run-launch.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A real executable that answers `--version` the way the client does. */
function fakeClient(dir: string, name: string, script: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function doctorWith(env: Record<string, string>) {
  const root = tempDir();
  const plan = join(root, 'plan');
  await runLaunch(['init', plan], { cwd: root });
  return runLaunch(['doctor'], { cwd: plan, env });
}

describe('launch doctor: the installed client against the versions checked', () => {
  it('warns that a newer client’s screens are not yet checked, without failing', async () => {
    const bin = fakeClient(tempDir(), 'claude', 'echo "2.2.0 (Claude Code)"');
    const result = await doctorWith({ LOOP_BACKEND: 'claude', CLAUDE_BIN: bin });
    expect(result.stdout).toMatch(
      /^! screens of claude 2\.2\.0 not yet checked by this launch \(newest checked: 2\.1\.197\): watch for `unrecognised`$/m,
    );
    expect(result.stdout).not.toMatch(/^✗/m);
    expect(result.exitCode).toBe(0);
  });

  it('checks every client of a mixed team, not only the run-wide backend', async () => {
    const dir = tempDir();
    const codex = fakeClient(dir, 'codex', 'echo "codex-cli 0.999.0"');
    const root = tempDir();
    const plan = join(root, 'plan');
    await runLaunch(['init', plan], { cwd: root });
    writeFileSync(
      join(plan, 'launch.config.json'),
      JSON.stringify({
        backend: 'sim',
        roles: [
          { name: 'builder', dir: '.' },
          { name: 'adversary', dir: '.', backend: 'codex' },
        ],
      }),
    );
    const result = await runLaunch(['doctor'], { cwd: plan, env: { CODEX_BIN: codex } });
    expect(result.stdout).toMatch(
      /^! screens of codex 0\.999\.0 not yet checked by this launch \(newest checked: 0\.171\.0\): watch for `unrecognised`$/m,
    );
  });

  it('passes the checked version and older ones', async () => {
    const dir = tempDir();
    const same = fakeClient(dir, 'codex', 'echo "codex-cli 0.171.0"');
    const result = await doctorWith({ LOOP_BACKEND: 'codex', CODEX_BIN: same });
    expect(result.stdout).toMatch(/^✓ codex 0\.171\.0 \(screens checked up to 0\.171\.0\)$/m);
    const older = fakeClient(dir, 'gemini', 'echo 0.9.1');
    const old = await doctorWith({ LOOP_BACKEND: 'gemini', GEMINI_BIN: older });
    expect(old.stdout).toMatch(/^✓ gemini 0\.9\.1 \(screens checked up to 0\.61\.0\)$/m);
  });

  it('warns when the client prints no version or fails', async () => {
    const dir = tempDir();
    const stub = fakeClient(
      dir,
      'opencode',
      'echo "Error: opencode-ai\'s postinstall script was not run." >&2; exit 1',
    );
    const result = await doctorWith({ LOOP_BACKEND: 'opencode', OPENCODE_BIN: stub });
    expect(result.stdout).toMatch(/^! opencode --version: no version$/m);
    expect(result.stdout).toMatch(/screens were checked up to opencode 1\.18\.33$/m);
    expect(result.exitCode).toBe(0);
  });
});
