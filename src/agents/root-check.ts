// The doctor line for a root run with the claude backend: how launch starts Claude Code so an
// unattended root run works (see agents/claude.ts), and what still stops it.
import type { Settings } from '../config/fields.js';
import { isRoot } from './backend.js';
import type { Check } from './preflight.js';

export function rootClaudeCheck(
  settings: Pick<Settings, 'backend' | 'claudeFlags'>,
  root: boolean = isRoot(),
): Check[] {
  if (!root || settings.backend !== 'claude') return [];
  const flags = settings.claudeFlags ?? ['--dangerously-skip-permissions'];
  if (!flags.includes('--dangerously-skip-permissions'))
    return [
      {
        status: 'warn',
        label:
          'running as root without --dangerously-skip-permissions in CLAUDE_FLAGS: Claude Code asks before tool calls',
        fix: 'each such prompt is reported as needs-input (answer with `launch answer <role> <n>` or an autoAnswer rule); leave CLAUDE_FLAGS unset for an unattended run',
      },
    ];
  return [
    {
      status: 'ok',
      label:
        'running as root: Claude Code starts with --dangerously-skip-permissions and IS_SANDBOX=1 (its own switch for sandboxed root use); a permission prompt that still appears is needs-input, not a stall',
    },
  ];
}
