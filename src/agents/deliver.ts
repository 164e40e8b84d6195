// Typing that is known to arrive: wait for the agent's UI, clear the input line, type literally,
// pause, submit, then re-read the pane until the text has left the input area. The result is data —
// `delivered` or `not-delivered` with a reason — never a silent success.
import type { Tmux } from '../adapters/tmux.js';
import type { Dialect } from '../screen/types.js';
import { typedPrefix } from '../watchdog/messages.js';

export type NotDeliveredReason =
  /** the session does not exist */
  | 'no-session'
  /** the UI never showed its ready marker */
  | 'not-ready'
  /** the typed text never showed up in the input area */
  | 'not-echoed'
  /** the text stayed in the input area through every submit */
  | 'stuck-in-input'
  /** tmux refused a command */
  | 'tmux-error';

export type Delivery =
  | { readonly kind: 'delivered'; readonly submits: number; readonly elapsedMs: number }
  | {
      readonly kind: 'not-delivered';
      readonly reason: NotDeliveredReason;
      readonly detail: string;
      readonly elapsedMs: number;
    };

export interface DeliveryTarget {
  readonly dialect: Dialect;
  readonly clearInputKeys: readonly string[];
}

export interface DeliverOptions {
  readonly readyTimeoutMs?: number;
  readonly echoTimeoutMs?: number;
  /** Agents read an Enter that follows a burst of input as a newline: wait this long first. */
  readonly submitPauseMs?: number;
  /** After each submit, how long to give the agent before re-reading the pane. */
  readonly confirmDelayMs?: number;
  /** Submit attempts (the original launcher's 10). */
  readonly maxSubmits?: number;
  readonly pollMs?: number;
}

const DEFAULTS: Required<DeliverOptions> = {
  readyTimeoutMs: 10_000,
  echoTimeoutMs: 3_000,
  submitPauseMs: 500,
  confirmDelayMs: 700,
  maxSubmits: 10,
  pollMs: 200,
};

/** Text longer than this goes through a tmux buffer instead of send-keys arguments. */
const LITERAL_LIMIT = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Typed text may be re-flowed by the UI (padding, wrapped lines): compare with spaces squeezed. */
const squeeze = (text: string): string => text.replace(/\s+/g, ' ');

function inInputArea(dialect: Dialect, pane: string, prefix: string): boolean {
  return squeeze(dialect.inputArea(pane)).includes(squeeze(prefix));
}

/** A not-delivered result for an attempt that began at `started` (Date.now()). */
function notDeliveredSince(started: number, reason: NotDeliveredReason, detail: string): Delivery {
  return { kind: 'not-delivered', reason, detail, elapsedMs: Date.now() - started };
}

export async function deliver(
  tmux: Tmux,
  session: string,
  text: string,
  target: DeliveryTarget,
  options: DeliverOptions = {},
): Promise<Delivery> {
  const settings = { ...DEFAULTS, ...options };
  const started = Date.now();
  const notDelivered = (reason: NotDeliveredReason, detail: string): Delivery =>
    notDeliveredSince(started, reason, detail);
  const { dialect } = target;
  const prefix = typedPrefix(text);

  /** Polls the pane until `test` holds or `timeoutMs` passes; null when the session vanished. */
  const waitForPane = async (
    test: (pane: string) => boolean,
    timeoutMs: number,
  ): Promise<boolean | null> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pane = await tmux.capture(session);
      if (pane === null) return null;
      if (test(pane)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(settings.pollMs);
    }
  };

  if (!(await tmux.hasSession(session)))
    return notDelivered('no-session', `no tmux session ${session}`);

  const ready = await waitForPane((pane) => dialect.isReady(pane), settings.readyTimeoutMs);
  if (ready === null)
    return notDelivered('no-session', `${session} vanished while waiting for its UI`);
  if (!ready)
    return notDelivered(
      'not-ready',
      `${session} showed no ready prompt within ${settings.readyTimeoutMs} ms`,
    );

  if (target.clearInputKeys.length > 0) {
    const cleared = await tmux.sendKeys(session, target.clearInputKeys);
    if (!cleared.ok) return notDelivered('tmux-error', `clearing the input line failed`);
  }
  const typed =
    text.length > LITERAL_LIMIT
      ? await tmux.pasteText(session, text)
      : await tmux.sendLiteral(session, text);
  if (!typed.ok) return notDelivered('tmux-error', 'typing failed');

  const echoed = await waitForPane(
    (pane) => inInputArea(dialect, pane, prefix),
    settings.echoTimeoutMs,
  );
  if (echoed === null) return notDelivered('no-session', `${session} vanished while typing`);
  if (!echoed) {
    return notDelivered('not-echoed', `the typed text never appeared in ${session}'s input area`);
  }

  await sleep(settings.submitPauseMs);
  const submitted = await submitTyped(tmux, session, text, target, options);
  return { ...submitted, elapsedMs: Date.now() - started };
}

export function describeDelivery(delivery: Delivery): string {
  return delivery.kind === 'delivered'
    ? `delivered in ${(delivery.elapsedMs / 1000).toFixed(1)}s${delivery.submits > 1 ? ` after ${delivery.submits} submits` : ''}`
    : `not delivered (${delivery.reason}): ${delivery.detail}`;
}

/** Presses the submit key for text already sitting in the input area, and confirms it left. */
export async function submitTyped(
  tmux: Tmux,
  session: string,
  text: string,
  target: DeliveryTarget,
  options: DeliverOptions = {},
): Promise<Delivery> {
  const settings = { ...DEFAULTS, ...options };
  const started = Date.now();
  const prefix = typedPrefix(text);
  for (let submit = 1; submit <= settings.maxSubmits; submit++) {
    const sent = await tmux.sendKeys(session, [target.dialect.submitKey]);
    if (!sent.ok) return notDeliveredSince(started, 'tmux-error', 'sending the submit key failed');
    await sleep(settings.confirmDelayMs);
    const pane = await tmux.capture(session);
    if (pane === null) return notDeliveredSince(started, 'no-session', `${session} vanished`);
    if (!inInputArea(target.dialect, pane, prefix))
      return { kind: 'delivered', submits: submit, elapsedMs: Date.now() - started };
  }
  return notDeliveredSince(
    started,
    'stuck-in-input',
    `the text stayed in ${session}'s input area after ${settings.maxSubmits} × ${target.dialect.submitKey}`,
  );
}
