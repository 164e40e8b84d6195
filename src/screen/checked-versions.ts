// The newest release of each real client whose screens the pane fixtures cover (captured in tmux
// and taken from its shipped bundle); `launch doctor` warns when the installed client is newer.
// test/screen/checked-versions.test.ts keeps this in step with the fixture headers.
import type { Backend } from '../config/fields.js';

export type RealClient = Exclude<Backend, 'sim'>;

export const CHECKED_VERSIONS: Readonly<Record<RealClient, string>> = {
  claude: '2.1.197',
  codex: '0.171.0',
  gemini: '0.61.0',
  opencode: '1.18.33',
};

/** The first x.y.z in a `--version` line: "2.1.197 (Claude Code)", "codex-cli 0.171.0". */
export function parseClientVersion(output: string): string | null {
  return /(?<![\d.])(\d+\.\d+\.\d+)(?:-[0-9A-Za-z.-]+)?/.exec(output)?.[1] ?? null;
}

/** Numeric compare of x.y.z versions: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The doctor's line for an installed version newer than the checked one, else null. */
export function uncheckedVersionWarning(client: RealClient, installed: string): string | null {
  if (compareVersions(installed, CHECKED_VERSIONS[client]) <= 0) return null;
  return `screens of ${client} ${installed} not yet checked by this launch (newest checked: ${CHECKED_VERSIONS[client]}): watch for \`unrecognised\``;
}
