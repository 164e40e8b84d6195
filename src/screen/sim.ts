// The simulated agent's screen (see the sim contract): Claude-Code-like on purpose, so the claude
// recognisers read it. It differs in one place: the footer "  ? for shortcuts" appears only once
// the UI takes input, and that, with the input box, is its ready marker.
import { CLAUDE_RULES } from './claude.js';
import { lastNonBlank } from './pane-text.js';
import { makeDialect, type ScreenRules } from './read-pane.js';
import type { Dialect } from './types.js';

const FOOTER = /^\s*\? for shortcuts\s*$/;

export const SIM_RULES: ScreenRules = {
  ...CLAUDE_RULES,
  backend: 'sim',
  ready: (lines, box) =>
    box !== null && lastNonBlank(lines, 2).some((i) => i > box.end && FOOTER.test(lines[i] ?? '')),
};

export const simDialect: Dialect = makeDialect(SIM_RULES);
