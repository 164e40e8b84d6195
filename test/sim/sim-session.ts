// Starts the compiled sim agent in a real tmux session (private socket) the way the launcher does,
// and reads its screen.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tmux } from '../../src/adapters/tmux.js';
import type { Role } from '../../src/config/roles.js';
import type { SimScript } from '../../src/sim/script-schema.js';
import { waitFor } from '../helpers/wait-for.js';
import { GIT_TEST_ENV } from '../helpers/git-world.js';

export const AGENT_JS = fileURLToPath(new URL('../../dist/sim/agent.js', import.meta.url));

export interface SimSessionSpec {
  readonly name: string;
  readonly role: Role;
  readonly cwd: string;
  readonly logDir: string;
  readonly script: SimScript;
  readonly phaseId?: string;
  readonly phaseIndex?: number;
  readonly keepDeadPane?: boolean;
}

export async function startSim(tmux: Tmux, dir: string, spec: SimSessionSpec): Promise<void> {
  const scriptFile = join(dir, `${spec.name}.script.json`);
  writeFileSync(scriptFile, JSON.stringify(spec.script, null, 2));
  const phaseId = spec.phaseId ?? 'p1';
  const created = await tmux.newSession({
    name: spec.name,
    cwd: spec.cwd,
    command: [
      process.execPath,
      AGENT_JS,
      '--role',
      spec.role,
      '--script',
      scriptFile,
      '--',
      `Kickoff for ${spec.role}, phase ${phaseId}.\nSecond line.`,
    ],
    env: {
      ...GIT_TEST_ENV,
      LAUNCH_ROLE: spec.role,
      LAUNCH_SESSION: spec.name,
      LAUNCH_PHASE_ID: phaseId,
      LAUNCH_PHASE_INDEX: String(spec.phaseIndex ?? 0),
      LAUNCH_STATUS_FILE: `STATUS-${phaseId}.md`,
      LAUNCH_LOG_DIR: spec.logDir,
      TZ: 'UTC',
    },
    keepDeadPane: spec.keepDeadPane ?? false,
  });
  if (!created.ok) throw new Error(`cannot start ${spec.name}: ${JSON.stringify(created.error)}`);
}

/** The pane's rows, trailing spaces removed (capture-pane drops them too). */
export async function rows(tmux: Tmux, name: string): Promise<string[]> {
  const text = (await tmux.capture(name)) ?? '';
  return text.split('\n').map((row) => row.trimEnd());
}

/** Waits until the pane shows something; returns its rows at that moment. */
export function waitForScreen(
  tmux: Tmux,
  name: string,
  step: string,
  test: (rows: string[], text: string) => boolean,
  timeoutMs = 30_000,
): Promise<string[]> {
  return waitFor(
    `${name}: ${step}`,
    async () => {
      const current = await rows(tmux, name);
      return test(current, current.join('\n')) ? current : undefined;
    },
    { timeoutMs, intervalMs: 100, describe: async () => (await rows(tmux, name)).join('\n') },
  );
}

export async function typeLine(tmux: Tmux, name: string, text: string): Promise<void> {
  const typed = await tmux.sendLiteral(name, text);
  if (!typed.ok) throw new Error(`cannot type into ${name}`);
  const entered = await tmux.sendKeys(name, ['Enter']);
  if (!entered.ok) throw new Error(`cannot press Enter in ${name}`);
}

/** The rows of the input box (between the two rules) and whether the footer shows. */
export function inputBox(screen: string[]): { rows: string[]; footer: boolean } {
  const rules = screen.flatMap((row, i) => (row.startsWith('───') ? [i] : []));
  const [first, second] = rules.slice(-2);
  if (first === undefined || second === undefined) return { rows: [], footer: false };
  return { rows: screen.slice(first + 1, second), footer: screen.at(-1) === '  ? for shortcuts' };
}
