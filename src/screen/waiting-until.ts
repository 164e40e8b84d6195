// Reads `WAITING-UNTIL: <ISO-8601 time>` markers, which agents print before a deliberate pause so
// the watchdog does not take the quiet for a stall. A marker whose time does not parse is ignored.
import { DateTime } from 'luxon';

const MARKER = /^WAITING-UNTIL:\s*([^\s`'"]{1,64})/;

/**
 * The instant a marker line names, or null. `body` is the line without its bullets (pane-text.ts
 * `lineBody`), so "⏺ WAITING-UNTIL: ..." and "`WAITING-UNTIL: ...`" both count; a marker mid-line
 * (prose, a typed path) does not. A time without an offset is read in `zone`.
 */
export function waitingUntil(body: string, zone: string): DateTime | null {
  const match = MARKER.exec(body);
  if (!match?.[1]) return null;
  const value = match[1].replace(/[.,;:)\]]+$/, '');
  // setZone keeps the marker's own offset; `zone` applies only when it has none.
  const at = DateTime.fromISO(value, { zone, setZone: true });
  return at.isValid ? at : null;
}
