// The narrow interface the HTTP server drives: everything it reads or asks of a running watchdog.
// The server knows nothing else of the watchdog, so either side can change behind this line
// (watchdog-port.ts is the implementation over the real adapters; tests may plug in their own).
import type { EventFeed } from '../adapters/ledger-feed.js';
import type { Role } from '../config/roles.js';
import type { PhasesView } from '../phases/phase-view.js';
import type { StatusView } from '../status/status-view.js';
import type { OperatorReply } from '../watchdog/operator.js';

export interface PauseView {
  /** <log-dir>/STOP exists: the watchdog takes no action of its own. */
  readonly paused: boolean;
  /** When the STOP file was made, ISO-8601; null when not paused. */
  readonly since: string | null;
  /** What the STOP file says (who paused and why). */
  readonly note: string | null;
}

export interface PaneView {
  readonly role: Role;
  readonly session: string;
  /** false: no live pane (text is then its last words, if the pane is dead, or empty). */
  readonly running: boolean;
  /** The last lines of the pane, trailing blank rows removed. */
  readonly text: string;
  readonly capturedAt: string;
}

/** An operator reply, or a text refused before it reached the queue. */
export type ControlReply =
  | OperatorReply
  | { readonly kind: 'refused'; readonly status: 'invalid'; readonly message: string };

export interface ControlPort {
  /** The `launch status --json` document. */
  readonly status: () => Promise<StatusView>;
  readonly phases: () => PhasesView;
  readonly pauseState: () => PauseView;
  readonly pause: (note: string | null) => PauseView;
  readonly resume: () => PauseView;
  readonly pane: (role: Role, lines: number) => Promise<PaneView>;
  /** Typed with verified delivery, between watchdog ticks. */
  readonly message: (role: Role, text: string) => Promise<ControlReply>;
  /** Through the watchdog's own restart path (ledger reason `operator`), between ticks. */
  readonly restart: (role: Role, force: boolean) => Promise<ControlReply>;
  /** Answers the prompt a session waits at, with verified delivery, between ticks. */
  readonly answer?: (
    role: Role,
    answer: string,
    who: 'cli' | 'api' | 'dashboard',
  ) => Promise<ControlReply>;
  readonly events: EventFeed;
  /** The team's role names (teams are configured); absent: the three default roles. */
  readonly roles?: () => readonly Role[];
}
