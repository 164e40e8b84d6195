// Every text the watchdog types into an agent's pane. CAUTION: none of these may ever read as a
// usage-limit banner, a fatal error or a WAITING-UNTIL marker to any dialect — the original
// launcher once probed with "usage limit has reset", which matched its own limit pattern and kept
// a window open forever. test/screen property tests check every text here against every dialect.
import type { Role } from '../config/roles.js';

export const PING_CLAIM =
  'watchdog ping: the Builder pushed a gate CLAIM (claim(...) commit). Pull and verify the claimed gate now.';

export const PING_REVIEW =
  'watchdog ping: the Adversary pushed a verdict/finding (review(...) commit). Pull REVIEW and act — ' +
  "proceed if it PASSes your gate, address it if it's a finding.";

/** An INBOX file's name (the defaults below, or any file a route names). */
export type InboxName = string;

/** The reader of each INBOX file and who writes it. */
export const INBOXES: readonly {
  readonly file: InboxName;
  readonly reader: Role;
  readonly writer: string;
}[] = [
  { file: 'ADVERSARY-INBOX.md', reader: 'adversary', writer: 'Builder' },
  { file: 'BUILDER-INBOX.md', reader: 'builder', writer: 'Adversary' },
];

export function pingInbox(file: InboxName): string {
  const writer = INBOXES.find((inbox) => inbox.file === file)?.writer ?? 'other agent';
  return (
    `watchdog ping: the ${writer} pushed ${file} — pull, read it, act, then delete the file ` +
    '(commit + push) to mark it consumed.'
  );
}

/** The ping for a configured commit route without a text of its own. */
export function pingCommit(word: string): string {
  return `watchdog ping: a ${word}(...) commit was pushed to origin/main. Pull, read it and act on it now.`;
}

/** Sent once when a limit window ends; it must not contain words a limit banner uses. */
export function probeText(role: Role): string {
  if (role === 'orchestrator') {
    return (
      'watchdog probe: if the quota window has reset, RESUME now — you are the orchestrator; ' +
      're-check loop status and continue supervising from where you stopped.'
    );
  }
  return (
    'watchdog probe: if the quota window has reset, RESUME your loop now — pull latest, re-read your ' +
    'phase STATUS/REVIEW files, and continue from where you stopped; re-arm your loop pacing.'
  );
}

/** What is typed into an agent whose kickoff is not passed as an argument (opencode). */
export function bootstrapText(kickoffFile: string): string {
  return `Your full kickoff prompt is in ${kickoffFile} — read that file now, then follow its instructions exactly.`;
}

/** The wake prompt as typed: the file's text on one line (typing a newline would submit early). */
export function wakeText(promptFileText: string): string {
  return promptFileText.split(/\s+/).filter(Boolean).join(' ');
}

/** Every fixed text, for the property tests (wake and bootstrap are checked with samples). */
export const FIXED_TEXTS: readonly string[] = [
  PING_CLAIM,
  PING_REVIEW,
  ...INBOXES.map((inbox) => pingInbox(inbox.file)),
  pingInbox('LEAD-INBOX.md'),
  pingCommit('handoff'),
  probeText('builder'),
  probeText('adversary'),
  probeText('orchestrator'),
];

/** The first characters of a typed text: how the input area is searched for it. */
export const typedPrefix = (text: string): string => text.slice(0, 28);
