// The notification kinds operators subscribe to (NOTIFY_ON) and the ledger event types behind each:
// the few transitions worth waking someone for, out of everything the watchdog records.

export const NOTIFY_KINDS = [
  'phase-done',
  'sequence-complete',
  'limit-armed',
  'limit-lifted',
  'session-rebooted',
  'backoff-entered',
  'message-not-delivered',
  'unrecognised',
  'needs-input',
  'watchdog-started',
  'watchdog-stopped',
  'log-dir-unwritable',
  'log-dir-recovered',
  'role-stale',
] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

/**
 * Ledger type → the kinds it answers to, most specific first. The last phase's DONE is the
 * sequence's completion, so someone who asked only for `phase-done` hears about it too.
 */
const KINDS_OF_TYPE: Readonly<Record<string, readonly NotifyKind[]>> = {
  'phase-advanced': ['phase-done'],
  'sequence-complete': ['sequence-complete', 'phase-done'],
  'limit-armed': ['limit-armed'],
  'limit-lifted': ['limit-lifted'],
  'session-restarted': ['session-rebooted'],
  // A reboot that did not come up is the reboot an operator most needs to hear about.
  'session-start-failed': ['session-rebooted'],
  'backoff-entered': ['backoff-entered'],
  'message-not-delivered': ['message-not-delivered'],
  // A ping given up after its retries: the end of a run of not-delivered messages.
  'ping-dropped': ['message-not-delivered'],
  // A screen no reader of launch knows (a new client release): once per episode, naming the client.
  'session-unrecognised': ['unrecognised'],
  // An agent waits for a person (permission, trust, selection, login): once per prompt.
  'needs-input': ['needs-input'],
  'watchdog-started': ['watchdog-started'],
  'watchdog-stopped': ['watchdog-stopped'],
  // The log dir refuses writes (full, read-only): supervision goes on, the ledger is held in memory.
  'log-dir-unwritable': ['log-dir-unwritable'],
  'log-dir-recovered': ['log-dir-recovered'],
  // A role of the team quiet past its `staleAfter` (no signal, screen change or commit): once each time.
  'role-stale': ['role-stale'],
};

/** Every ledger type some kind covers (for the README and tests). */
export const NOTIFIED_TYPES: readonly string[] = Object.keys(KINDS_OF_TYPE);

/** The kinds a NOTIFY_ON list selects ("all" selects every kind). */
export function selectedKinds(notifyOn: readonly string[]): ReadonlySet<NotifyKind> {
  if (notifyOn.includes('all')) return new Set(NOTIFY_KINDS);
  return new Set(NOTIFY_KINDS.filter((kind) => notifyOn.includes(kind)));
}

/** The kind a ledger event is sent as, or null when nobody asked for it. */
export function notifyKindOf(type: string, selected: ReadonlySet<NotifyKind>): NotifyKind | null {
  for (const kind of KINDS_OF_TYPE[type] ?? []) if (selected.has(kind)) return kind;
  return null;
}
