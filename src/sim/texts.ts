// The exact texts the sim prints that other parts of launch recognise (limit banners, the fatal
// error, WAITING-UNTIL, the working marker), per the sim screen contract, and placeholder filling.
import { DateTime, IANAZone } from 'luxon';

export type BannerStyle = 'epoch' | 'time';

export const FATAL_ERROR =
  'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: ' +
  'thinking blocks cannot be modified. These blocks must remain as they were in the original response."}}';

export const HEADER_MARK = '✻';
export const EVENT_MARK = '⏺';
export const FOOTER = '  ? for shortcuts';

export function statusLine(elapsedSeconds: number): string {
  return `✻ Simulating… (${Math.max(0, Math.floor(elapsedSeconds))}s · esc to interrupt)`;
}

/** The sim's zone: TZ when it names a valid IANA zone, else UTC. */
export function simZone(tz: string | undefined): string {
  const name = tz?.trim().replace(/^:/, '');
  return name && IANAZone.isValidZone(name) ? name : 'UTC';
}

/**
 * When a limit entered at `nowMs` resets. The `time` style shows only a minute, and the contract
 * says the real reset is the displayed minute, so it is rounded up to the next whole minute.
 */
export function limitResetAt(nowMs: number, resetSeconds: number, style: BannerStyle): number {
  const exact = nowMs + resetSeconds * 1000;
  if (style === 'epoch') return Math.ceil(exact / 1000) * 1000;
  return Math.ceil(exact / 60_000) * 60_000;
}

export function limitBanner(resetAtMs: number, style: BannerStyle, zone: string): string {
  if (style === 'epoch') return `Claude AI usage limit reached|${Math.floor(resetAtMs / 1000)}`;
  const local = DateTime.fromMillis(resetAtMs, { zone, locale: 'en-US' });
  return `You've hit your limit · resets ${local.toFormat('h:mma').toLowerCase()} (${zone})`;
}

/** ISO-8601 with a numeric offset (`+00:00`, never `Z`), whole seconds. */
export function isoWithOffset(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

export function waitingUntilLine(untilMs: number, zone: string): string {
  return `WAITING-UNTIL: ${isoWithOffset(untilMs, zone)}`;
}

export interface PlaceholderValues {
  readonly phase: string;
  readonly phaseIndex: number;
  readonly role: string;
  readonly session: string;
  readonly statusFile: string;
}

/** Replaces `{phase}`, `{phaseNumber}`, `{role}`, `{session}`, `{statusFile}`; other braces stay. */
export function fillPlaceholders(
  template: string,
  values: PlaceholderValues,
  escape: (value: string) => string = (value) => value,
): string {
  const table: Record<string, string> = {
    phase: values.phase,
    phaseNumber: String(values.phaseIndex + 1),
    role: values.role,
    session: values.session,
    statusFile: values.statusFile,
  };
  return template.replace(/\{(phase|phaseNumber|role|session|statusFile)\}/g, (_, name: string) =>
    escape(table[name] ?? ''),
  );
}

export const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
