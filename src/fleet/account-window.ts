// One account's shared usage-limit window (the file <state-dir>/accounts/<account>.json): its schema
// and the pure merge every watchdog applies under the account's lock.
//
//   (none) ──arm──► limited { probe owner, parked[] } ──probe──► limited (later until, probes + 1)
//                      │ owner's pid gone ──take-probe──► limited (another session owns the probe)
//                      ▼ lift (the owner's probe worked)
//                   lifted { resume[]: parked in order, one every gap seconds } ──all resumed──► (none)
//   arm on a lifted window: limited again; the sessions not yet resumed are parked again.
import { z } from 'zod';

const iso = z.string().refine((text) => !Number.isNaN(Date.parse(text)));

/** A session of a run: the run's log dir (unique on the machine), its name for people, the role. */
export const holderSchema = z.object({
  run: z.string().min(1),
  name: z.string(),
  role: z.string().min(1),
  /** The watchdog that acts for it; a dead pid means nobody does. */
  pid: z.number().int().positive(),
});
export type Holder = z.infer<typeof holderSchema>;

export const accountWindowSchema = z.object({
  version: z.literal(1),
  account: z.string().min(1),
  label: z.string(),
  state: z.enum(['limited', 'lifted']),
  since: iso,
  /** When the probe is due (limited): the parsed reset + slack, or the flat fallback. */
  until: iso,
  resetAt: iso.nullable(),
  banner: z.string(),
  armedBy: holderSchema,
  probe: z.object({
    /** The one session that probes for the whole account. */
    owner: holderSchema,
    probes: z.number().int().nonnegative(),
    sentAt: iso.nullable(),
  }),
  /** Sessions waiting for the window, in the order they were parked. */
  parked: z.array(holderSchema.extend({ since: iso })),
  liftedAt: iso.nullable(),
  /** After the lift: who resumes when (one every gap seconds), and who has. */
  resume: z.array(holderSchema.extend({ at: iso, done: z.boolean() })),
  /** Seconds between two resumes (the lifting watchdog's ACCOUNT_RESUME_GAP). */
  gapSeconds: z.number().nonnegative(),
  updatedAt: iso,
});
export type AccountWindow = z.infer<typeof accountWindowSchema>;

export type AccountChange =
  /** This session is limited: open the window (or, if one is open, join it as parked). */
  | {
      readonly kind: 'arm';
      readonly until: string;
      readonly resetAt: string | null;
      readonly banner: string;
    }
  /** This session waits for the account's window. */
  | { readonly kind: 'park' }
  /** The owner probed or re-read its banner: the window's end moved. */
  | {
      readonly kind: 'probe';
      readonly until: string;
      readonly resetAt: string | null;
      readonly probes: number;
      readonly banner: string;
    }
  /** The owner's watchdog is gone: this session owns the probe now (only if `from` still does). */
  | { readonly kind: 'take-probe'; readonly from: { readonly run: string; readonly role: string } }
  /** The owner's probe worked: the others resume one every `gapSeconds`. */
  | { readonly kind: 'lift'; readonly gapSeconds: number }
  /** This session resumed after the lift. */
  | { readonly kind: 'resumed' };

export const sameSession = (
  a: { readonly run: string; readonly role: string },
  b: { readonly run: string; readonly role: string },
): boolean => a.run === b.run && a.role === b.role;

const iso8601 = (ms: number): string => new Date(ms).toISOString();

/** Entries whose watchdog is gone wait for nobody (a run restarted re-parks with its new pid). */
function prune(window: AccountWindow, alive: (pid: number) => boolean): AccountWindow {
  return {
    ...window,
    parked: window.parked.filter((entry) => alive(entry.pid)),
    resume: window.resume.map((entry) => (alive(entry.pid) ? entry : { ...entry, done: true })),
  };
}

/**
 * Marks `who` resumed and keeps the ones still waiting at least a gap apart from now on: slots that
 * fell due together (a slow tick, two runs) still resume one at a time.
 */
function resumed(window: AccountWindow, who: Holder, now: number): AccountWindow['resume'] {
  const gap = window.gapSeconds * 1000;
  let next = now + gap;
  return window.resume.map((entry) => {
    if (sameSession(entry, who)) return { ...entry, done: true };
    if (entry.done) return entry;
    const at = Math.max(Date.parse(entry.at), next);
    next = at + gap;
    return { ...entry, at: iso8601(at) };
  });
}

/**
 * The window after one session's change. Pure (liveness is asked through `alive`). Changes that no
 * longer apply (a probe from a session that lost the ownership, a park on no window) leave it as it
 * is: two watchdogs racing settle on the first writer. null: no window (the file is removed).
 */
export function applyAccountChange(
  current: AccountWindow | null,
  change: AccountChange,
  who: Holder,
  now: number,
  account: { readonly key: string; readonly label: string },
  alive: (pid: number) => boolean = () => true,
): AccountWindow | null {
  const ts = iso8601(now);
  const window = current === null ? null : prune(current, alive);
  const owns = window !== null && sameSession(window.probe.owner, who);
  // The owner's current pid (a restarted watchdog), kept on every write it makes.
  const withOwner = (next: AccountWindow): AccountWindow =>
    sameSession(next.probe.owner, who) ? { ...next, probe: { ...next.probe, owner: who } } : next;
  const done = (next: AccountWindow): AccountWindow | null =>
    next.state === 'lifted' && next.resume.every((entry) => entry.done)
      ? null
      : withOwner({ ...next, updatedAt: ts });
  const park = (next: AccountWindow): AccountWindow =>
    next.parked.some((entry) => sameSession(entry, who)) || sameSession(next.probe.owner, who)
      ? next
      : { ...next, parked: [...next.parked, { ...who, since: ts }] };

  switch (change.kind) {
    case 'arm': {
      if (window !== null && window.state === 'limited') {
        if (!owns) return done(park(window));
        return done(
          Date.parse(change.until) > Date.parse(window.until)
            ? { ...window, until: change.until, resetAt: change.resetAt, banner: change.banner }
            : window,
        );
      }
      // Not yet resumed from the last window: they wait for this one.
      const waiting = (window?.resume ?? [])
        .filter((entry) => !entry.done && !sameSession(entry, who))
        .map(({ at: _at, done: _done, ...holder }) => ({ ...holder, since: ts }));
      return {
        version: 1,
        account: account.key,
        label: account.label,
        state: 'limited',
        since: ts,
        until: change.until,
        resetAt: change.resetAt,
        banner: change.banner,
        armedBy: who,
        probe: { owner: who, probes: 0, sentAt: null },
        parked: waiting,
        liftedAt: null,
        resume: [],
        gapSeconds: window?.gapSeconds ?? 0,
        updatedAt: ts,
      };
    }
    case 'park':
      return window === null || window.state !== 'limited' ? window : done(park(window));
    case 'probe':
      if (window === null || window.state !== 'limited' || !owns) return window;
      return done({
        ...window,
        until: change.until,
        resetAt: change.resetAt,
        banner: change.banner,
        probe: {
          ...window.probe,
          probes: change.probes,
          sentAt: change.probes > window.probe.probes ? ts : window.probe.sentAt,
        },
      });
    case 'take-probe':
      if (
        window === null ||
        window.state !== 'limited' ||
        !sameSession(window.probe.owner, change.from) ||
        alive(window.probe.owner.pid)
      )
        return window;
      return done({
        ...window,
        probe: { ...window.probe, owner: who },
        parked: window.parked.filter((entry) => !sameSession(entry, who)),
      });
    case 'lift': {
      if (window === null || window.state !== 'limited' || !owns) return window;
      const gap = change.gapSeconds * 1000;
      return done({
        ...window,
        state: 'lifted',
        liftedAt: ts,
        gapSeconds: change.gapSeconds,
        parked: [],
        resume: window.parked.map(({ since: _since, ...holder }, index) => ({
          ...holder,
          at: iso8601(now + (index + 1) * gap),
          done: false,
        })),
      });
    }
    case 'resumed':
      if (window === null) return null;
      if (window.state === 'limited')
        return done({
          ...window,
          parked: window.parked.filter((entry) => !sameSession(entry, who)),
        });
      return done({ ...window, resume: resumed(window, who, now) });
  }
}
