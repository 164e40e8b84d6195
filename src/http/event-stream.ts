// GET /api/events/stream: every new ledger line as a Server-Sent Event whose `id:` is the line's
// `seq`. A client that reconnects with `Last-Event-ID: N` (or `?since=N`) first gets every event
// after N, then the live ones, with nothing lost in between: the subscription is made before the
// backlog is read, and events already sent are never sent twice. A gap the ledger can no longer
// fill is announced as an `event: gap`, never skipped silently.
import type { ServerResponse } from 'node:http';
import type { EventFeed, SequencedEvent } from '../adapters/ledger-feed.js';
import { BASE_HEADERS } from './exchange.js';

export interface StreamOptions {
  /** A comment line this often keeps proxies and idle timeouts from closing the stream. */
  readonly heartbeatMs: number;
  /** What the client should wait before reconnecting (the SSE `retry:` field). */
  readonly retryMs: number;
}

/** Where the client resumes: Last-Event-ID wins over ?since=; null = only new events. */
export function resumePoint(
  header: string | undefined,
  since: string | null,
): { ok: true; value: number | null } | { ok: false; error: string } {
  const raw = header ?? since;
  if (raw === undefined || raw === null || raw.trim() === '') return { ok: true, value: null };
  if (!/^\d{1,15}$/.test(raw.trim()))
    return {
      ok: false,
      error: `${header !== undefined ? 'Last-Event-ID' : 'since'} must be an event id (a whole number), got "${raw.slice(0, 40)}"`,
    };
  return { ok: true, value: Number(raw.trim()) };
}

/** Streams until the client goes away or `stop` is called; returns the stop function. */
export function streamEvents(
  res: ServerResponse,
  feed: EventFeed,
  resumeAfter: number | null,
  options: StreamOptions,
): () => void {
  res.writeHead(200, {
    ...BASE_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(`retry: ${options.retryMs}\n\n`);

  let sent = resumeAfter ?? feed.last() ?? 0;
  let live = false;
  const held: SequencedEvent[] = [];
  const send = (event: SequencedEvent): void => {
    if (event.seq <= sent) return;
    res.write(`id: ${event.seq}\nevent: ledger\ndata: ${JSON.stringify(event)}\n\n`);
    sent = event.seq;
  };
  // Subscribe first, read the backlog second: an event appended in between is held, not lost.
  const unsubscribe = feed.subscribe((event) => {
    if (live) send(event);
    else held.push(event);
  });
  if (resumeAfter !== null) {
    const backlog = feed.after(resumeAfter);
    if (backlog.gap) res.write(`event: gap\ndata: ${JSON.stringify(backlog.gap)}\n\n`);
    // An id from a ledger that has since been replaced: carry on from this ledger's end.
    const last = feed.last();
    if (last !== null && resumeAfter > last) sent = last;
    for (const event of backlog.events) send(event);
  }
  live = true;
  for (const event of held) send(event);
  held.length = 0;

  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  };
  res.on('close', stop);
  return stop;
}
