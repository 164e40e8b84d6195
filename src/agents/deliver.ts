// Typing that is known to arrive: wait for the agent's UI, clear the input line, type literally,
// pause, submit, then re-read the pane until the text has left the input area. When the UI is not
// found (no ready marker in time, or a screen no dialect recognises) it falls back to the original
// launcher's way — type, submit, submit again while the text sits in the bottom lines — and counts
// that delivered only when confirmed (a prompt-submitted signal, or the text seen and then gone).
// The result is data — `delivered` (and by what) or `not-delivered` with a reason — never a silent
// success.
import type { Tmux } from '../adapters/tmux.js';
import { paneLines } from '../screen/pane-text.js';
import type { Dialect } from '../screen/types.js';
import { typedPrefix } from '../watchdog/messages.js';

export type NotDeliveredReason =
  /** the session does not exist */
  | 'no-session'
  /** the UI never showed its ready marker, and the fallback typing was not confirmed */
  | 'not-ready'
  /** no dialect recognised the screen, and the fallback typing was not confirmed */
  | 'unrecognised'
  /** the whole typed text never showed up in the input area */
  | 'not-echoed'
  /** the text stayed in the input area through every submit */
  | 'stuck-in-input'
  /** the session was killed or restarted, or the watchdog stopped, before it was confirmed */
  | 'cancelled'
  /** tmux refused a command */
  | 'tmux-error';

/** What showed the text was taken: the screen (it left the input area) or the agent's own signal. */
export type ConfirmedBy = 'screen' | 'signal';

export type Delivery =
  | {
      readonly kind: 'delivered';
      readonly submits: number;
      readonly elapsedMs: number;
      readonly confirmedBy: ConfirmedBy;
      /** Typed the original launcher's way, without the UI's ready marker. */
      readonly fallback: boolean;
    }
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

/** The agent's own word that a prompt arrived (its prompt-submitted signal). */
export interface DeliveryConfirmations {
  /** A prompt-submitted signal from `session`'s client at or after `sinceMs` (ms since the epoch). */
  promptSubmittedSince(session: string, sinceMs: number): boolean;
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
  /**
   * A non-blank screen no dialect recognises for this long ends the ready wait early. By default as
   * long as the ready wait itself: every client draws unknown first screens (logo, trust dialog) for
   * seconds after a start, and a wait in the background costs no other session anything.
   */
  readonly unrecognisedGraceMs?: number;
  /** Fallback typing: the bottom rows where typed text is looked for. */
  readonly fallbackLines?: number;
  /** Fallback typing whose text never showed: how long to wait for a signal after the submit. */
  readonly signalWaitMs?: number;
  readonly confirmations?: DeliveryConfirmations;
  /** Aborted when the session is killed or restarted, or the watchdog stops. */
  readonly signal?: AbortSignal;
  /** Told each time the submit key has been sent (the text may already have reached the agent). */
  readonly onSubmitted?: () => void;
}

type Settings = Required<Omit<DeliverOptions, 'confirmations' | 'signal' | 'onSubmitted'>>;

const DEFAULTS: Settings = {
  readyTimeoutMs: 10_000,
  echoTimeoutMs: 3_000,
  submitPauseMs: 500,
  confirmDelayMs: 700,
  maxSubmits: 10,
  pollMs: 200,
  unrecognisedGraceMs: 10_000,
  fallbackLines: 5,
  signalWaitMs: 3_000,
};

/** Text longer than this goes through a tmux buffer instead of send-keys arguments. */
const LITERAL_LIMIT = 1_000;
/** Characters of the text's start and end that must both show for it to count as typed whole. */
const ENDS = 28;

/** Sleeps `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Typed text may be re-flowed by the UI (padding, wrapped lines): compare with spaces squeezed. */
const squeeze = (text: string): string => text.replace(/\s+/g, ' ');
/** For the whole-text check: no whitespace at all and no box-drawing borders (wrapped input boxes). */
const compact = (text: string): string => text.replace(/[\s\u2500-\u257f]+/gu, '');

/** The text's start is in `area`: it is there (typed, not yet submitted). */
const headIn = (area: string, text: string): boolean =>
  squeeze(area).includes(squeeze(typedPrefix(text)));

/**
 * The whole text arrived in `area`: its start and its end both show (a lost character at either
 * end — tmux once ate a trailing `;` — fails this). Long texts are checked at their two ends only,
 * since the UI may fold the middle of a long input.
 */
export function typedWhole(area: string, text: string): boolean {
  const have = compact(area);
  const want = compact(text);
  if (want.length <= ENDS * 2) return have.includes(want);
  return have.includes(want.slice(0, ENDS)) && have.includes(want.slice(-ENDS));
}

/**
 * The bottom `count` rows of a pane (trailing blank rows aside): where an unknown UI's input most
 * likely sits, and what the original launcher searched. Rows, not non-blank lines: on a mostly
 * empty screen the conversation at the top must not count as the bottom.
 */
export function bottomLines(pane: string, count: number): string {
  return paneLines(pane).slice(-count).join('\n');
}

/** Even when aborted, a submit gets this long before its last look at the screen. */
const LAST_LOOK_MS = 300;

/**
 * The pause after a submit before re-reading the pane. An abort (the session is about to be
 * killed) shortens it, but not below LAST_LOOK_MS: a text already submitted is still confirmed.
 */
async function confirmPause(ms: number, signal?: AbortSignal): Promise<void> {
  const began = Date.now();
  await sleep(ms, signal);
  const elapsed = Date.now() - began;
  const floor = Math.min(ms, LAST_LOOK_MS);
  if (elapsed < floor) await sleep(floor - elapsed);
}

/** Why typing was cut short: the reason the canceller gave (a restart, the watchdog's stop). */
function abortedBecause(signal: AbortSignal | undefined, session: string): string {
  return typeof signal?.reason === 'string'
    ? signal.reason
    : `stopped before ${session} confirmed it (session killed or watchdog stopping)`;
}

/** A not-delivered result for an attempt that began at `started` (Date.now()). */
function notDeliveredSince(started: number, reason: NotDeliveredReason, detail: string): Delivery {
  return { kind: 'not-delivered', reason, detail, elapsedMs: Date.now() - started };
}

function isRecognised(dialect: Dialect, pane: string): boolean {
  return dialect.classify(pane, { now: new Date(), zone: 'UTC' }).recognised;
}

async function typeText(
  tmux: Tmux,
  session: string,
  text: string,
): Promise<{ readonly ok: boolean }> {
  return text.length > LITERAL_LIMIT
    ? await tmux.pasteText(session, text)
    : await tmux.sendLiteral(session, text);
}

export async function deliver(
  tmux: Tmux,
  session: string,
  text: string,
  target: DeliveryTarget,
  options: DeliverOptions = {},
): Promise<Delivery> {
  const settings: Settings = { ...DEFAULTS, ...stripUndefined(options) };
  const { signal } = options;
  const started = Date.now();
  const notDelivered = (reason: NotDeliveredReason, detail: string): Delivery =>
    notDeliveredSince(started, reason, detail);
  const cancelled = (): Delivery => notDelivered('cancelled', abortedBecause(signal, session));
  const { dialect } = target;

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
      if (Date.now() >= deadline || signal?.aborted) return false;
      await sleep(settings.pollMs, signal);
    }
  };

  if (!(await tmux.hasSession(session)))
    return notDelivered('no-session', `no tmux session ${session}`);

  // The ready wait may end early on a non-blank screen no dialect knows (a new client release),
  // once it has been unknown for unrecognisedGraceMs (by default the whole wait: first screens are
  // unknown for seconds). Either way the fallback typing follows.
  let unknownSince: number | null = null;
  let unrecognised = false;
  const ready = await waitForPane((pane) => {
    if (dialect.isReady(pane)) return true;
    if (pane.trim() === '' || isRecognised(dialect, pane)) unknownSince = null;
    else {
      unknownSince ??= Date.now();
      if (Date.now() - unknownSince >= settings.unrecognisedGraceMs) unrecognised = true;
    }
    return unrecognised;
  }, settings.readyTimeoutMs);
  if (signal?.aborted) return cancelled();
  if (ready === null)
    return notDelivered('no-session', `${session} vanished while waiting for its UI`);
  if (!ready || unrecognised) {
    const why: NotDeliveredReason = unrecognised ? 'unrecognised' : 'not-ready';
    const because = unrecognised
      ? `no dialect recognised ${session}'s screen for ${settings.unrecognisedGraceMs} ms`
      : `${session} showed no ready prompt within ${settings.readyTimeoutMs} ms${unknownSince === null ? '' : ' (a screen no dialect recognises)'}`;
    const fallback = await fallbackTyping(tmux, session, text, target, settings, options);
    if (fallback.kind === 'delivered') return { ...fallback, elapsedMs: Date.now() - started };
    if (fallback.reason === 'no-session' || fallback.reason === 'cancelled') return fallback;
    return notDelivered(why, `${because}; typed anyway: ${fallback.detail}`);
  }

  if (target.clearInputKeys.length > 0) {
    const cleared = await tmux.sendKeys(session, target.clearInputKeys);
    if (!cleared.ok) return notDelivered('tmux-error', `clearing the input line failed`);
  }
  const typed = await typeText(tmux, session, text);
  if (!typed.ok) return notDelivered('tmux-error', 'typing failed');

  // The paste path may show a placeholder instead of the text: its start is all that can be seen.
  const arrived = (pane: string): boolean =>
    text.length > LITERAL_LIMIT
      ? headIn(dialect.inputArea(pane), text)
      : typedWhole(dialect.inputArea(pane), text);
  const echoed = await waitForPane(arrived, settings.echoTimeoutMs);
  if (signal?.aborted) return cancelled();
  if (echoed === null) return notDelivered('no-session', `${session} vanished while typing`);
  if (!echoed) {
    return notDelivered(
      'not-echoed',
      `the whole typed text never appeared in ${session}'s input area`,
    );
  }

  await sleep(settings.submitPauseMs, signal);
  if (signal?.aborted) return cancelled();
  const submitted = await submitTyped(tmux, session, text, target, { ...options, since: started });
  return { ...submitted, elapsedMs: Date.now() - started };
}

/** The original launcher's typing for a UI that was not found: confirmed by a signal or the screen. */
async function fallbackTyping(
  tmux: Tmux,
  session: string,
  text: string,
  target: DeliveryTarget,
  settings: Settings,
  options: DeliverOptions,
): Promise<Delivery> {
  const { signal, confirmations } = options;
  const began = Date.now();
  const delivered = (submits: number, confirmedBy: ConfirmedBy): Delivery => ({
    kind: 'delivered',
    submits,
    elapsedMs: Date.now() - began,
    confirmedBy,
    fallback: true,
  });
  const signalled = (): boolean => confirmations?.promptSubmittedSince(session, began) ?? false;
  const bottom = (pane: string): string => bottomLines(pane, settings.fallbackLines);

  const typed = await typeText(tmux, session, text);
  if (!typed.ok) return notDeliveredSince(began, 'tmux-error', 'typing failed');
  // Seen whole in the bottom lines: only then can its leaving them confirm it.
  let seen = false;
  const echoDeadline = Date.now() + Math.min(settings.echoTimeoutMs, 1_500);
  for (;;) {
    const pane = await tmux.capture(session);
    if (pane === null) return notDeliveredSince(began, 'no-session', `${session} vanished`);
    seen = typedWhole(bottom(pane), text);
    if (seen || Date.now() >= echoDeadline || signal?.aborted) break;
    await sleep(settings.pollMs, signal);
  }
  await sleep(settings.submitPauseMs, signal);

  for (let submit = 1; submit <= (seen ? settings.maxSubmits : 1); submit++) {
    if (signal?.aborted) break;
    const sent = await tmux.sendKeys(session, [target.dialect.submitKey]);
    if (!sent.ok) return notDeliveredSince(began, 'tmux-error', 'sending the submit key failed');
    options.onSubmitted?.();
    await confirmPause(settings.confirmDelayMs, signal);
    if (signalled()) return delivered(submit, 'signal');
    const pane = await tmux.capture(session);
    if (pane === null) return notDeliveredSince(began, 'no-session', `${session} vanished`);
    if (seen && !headIn(bottom(pane), text)) return delivered(submit, 'screen');
  }
  // Never seen (or never left): the agent's own signal is the only proof left; give it a moment.
  const deadline = Date.now() + settings.signalWaitMs;
  while (confirmations && !signal?.aborted) {
    if (signalled()) return delivered(seen ? settings.maxSubmits : 1, 'signal');
    if (Date.now() >= deadline) break;
    await sleep(settings.pollMs, signal);
  }
  if (signal?.aborted)
    return notDeliveredSince(began, 'cancelled', abortedBecause(signal, session));
  const signals = confirmations ? 'no prompt-submitted signal came' : 'no signals to confirm it';
  return notDeliveredSince(
    began,
    seen ? 'stuck-in-input' : 'not-echoed',
    seen
      ? `not confirmed: the text stayed in the bottom lines after ${settings.maxSubmits} × ${target.dialect.submitKey} and ${signals}`
      : `not confirmed: the text never showed in the bottom lines and ${signals}`,
  );
}

export function describeDelivery(delivery: Delivery): string {
  if (delivery.kind !== 'delivered')
    return `not delivered (${delivery.reason}): ${delivery.detail}`;
  const submits = delivery.submits > 1 ? ` after ${delivery.submits} submits` : '';
  const how =
    delivery.confirmedBy === 'signal'
      ? ', confirmed by its prompt-submitted signal'
      : delivery.fallback
        ? ', confirmed by the text leaving the bottom lines'
        : '';
  const fallback = delivery.fallback ? ' (UI not found: typed the fallback way)' : '';
  return `delivered in ${(delivery.elapsedMs / 1000).toFixed(1)}s${submits}${how}${fallback}`;
}

/** Presses the submit key for text already sitting in the input area, and confirms it left. */
export async function submitTyped(
  tmux: Tmux,
  session: string,
  text: string,
  target: DeliveryTarget,
  options: DeliverOptions & { readonly since?: number } = {},
): Promise<Delivery> {
  const settings: Settings = { ...DEFAULTS, ...stripUndefined(options) };
  const { signal, confirmations } = options;
  const started = Date.now();
  const since = options.since ?? started;
  for (let submit = 1; submit <= settings.maxSubmits; submit++) {
    if (signal?.aborted)
      return notDeliveredSince(started, 'cancelled', abortedBecause(signal, session));
    const sent = await tmux.sendKeys(session, [target.dialect.submitKey]);
    if (!sent.ok) return notDeliveredSince(started, 'tmux-error', 'sending the submit key failed');
    options.onSubmitted?.();
    await confirmPause(settings.confirmDelayMs, signal);
    const pane = await tmux.capture(session);
    if (pane === null) return notDeliveredSince(started, 'no-session', `${session} vanished`);
    const result = { kind: 'delivered', submits: submit, elapsedMs: 0, fallback: false } as const;
    if (!headIn(target.dialect.inputArea(pane), text))
      return { ...result, elapsedMs: Date.now() - started, confirmedBy: 'screen' };
    if (confirmations?.promptSubmittedSince(session, since))
      return { ...result, elapsedMs: Date.now() - started, confirmedBy: 'signal' };
  }
  return notDeliveredSince(
    started,
    'stuck-in-input',
    `the text stayed in ${session}'s input area after ${settings.maxSubmits} × ${target.dialect.submitKey}`,
  );
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
