import { describe, expect, it } from 'vitest';
import {
  mergeListings,
  problemLines,
  readListing,
  renderFleet,
  type HostListing,
} from '../../src/hosts/fleet-listing.js';

const run = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  planDir: `/home/me/${name}`,
  logDir: `/home/me/${name}/.launch`,
  state: 'running',
  phase: { id: 'p2', index: 1, total: 3, done: false },
  sessions: [
    {
      role: 'builder',
      name: 'loop-builder',
      running: true,
      state: 'active',
      limitedUntil: null,
      why: '',
    },
    {
      role: 'adversary',
      name: 'loop-adv',
      running: true,
      state: 'limited',
      limitedUntil: '2026-12-06T15:00:45Z',
      why: '',
    },
  ],
  watchdog: {
    running: true,
    pid: 4211,
    startedAt: '2026-12-06T10:00:00Z',
    uptimeSeconds: 7800,
    stoppedAt: null,
  },
  lastEvent: {
    ts: '2026-12-06T14:02:31Z',
    type: 'handoff-ping',
    role: 'adversary',
    text: 'claim(gate-3)',
  },
  problem: null,
  ...extra,
});

describe('fleet listing', () => {
  it("reads a host's ls --json and keeps fields it does not know", () => {
    const listing = readListing('b', JSON.stringify({ runs: [run('shop')] }));
    expect(listing.kind).toBe('listed');
    if (listing.kind !== 'listed') return;
    expect(listing.runs[0]).toMatchObject({ name: 'shop', problem: null });
  });

  it('says what came instead of a listing: no JSON, or the wrong shape', () => {
    expect(readListing('b', "launch: unknown command 'ls'\n")).toEqual({
      host: 'b',
      kind: 'failed',
      reason: "`launch ls --json` printed no JSON: launch: unknown command 'ls'",
    });
    expect(readListing('b', JSON.stringify({ runs: [{ name: 1 }] }))).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('runs.0.name') as unknown,
    });
  });

  it('merges listings, adding host to each run and one entry per host', () => {
    const listings: HostListing[] = [
      { host: 'local', kind: 'listed', runs: [] },
      { host: 'a', kind: 'listed', runs: [run('shop')] },
      { host: 'b', kind: 'unreachable', reason: 'Connection refused' },
    ];
    const merged = mergeListings(listings);
    expect(merged.runs.map((one) => [one.host, one.name])).toEqual([['a', 'shop']]);
    expect(merged.hosts).toEqual([
      { name: 'local', ok: true, error: null },
      { name: 'a', ok: true, error: null },
      { name: 'b', ok: false, error: 'Connection refused' },
    ]);
    expect(problemLines(listings)).toEqual(['host b: unreachable (Connection refused)']);
  });

  it('renders one table with the host first; remote text cannot drive the terminal', () => {
    const hostile = run('docs', {
      planDir: '/srv/\u001b]0;owned\u0007docs',
      lastEvent: {
        ts: '2026-12-06T13:55:00Z',
        type: 'x',
        role: 'builder',
        text: 'asked \u001b[2J"go?"',
      },
    });
    const text = renderFleet([
      { host: 'a', kind: 'listed', runs: [run('shop')] },
      { host: 'b', kind: 'listed', runs: [hostile] },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^HOST\s+RUN\s+PLAN DIR\s+PHASE\s+STATE\s+SESSIONS\s+WATCHDOG\s+LAST EVENT$/,
    );
    expect(lines[1]).toMatch(
      /^a\s+shop\s+\/home\/me\/shop\s+p2 \[2\/3\]\s+running\s+builder active, adversary limited\s+up 2h10\s+14:02 adversary claim\(gate-3\)$/,
    );
    expect(lines[2]).toContain('/srv/docs');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('says so when no host that answered has a run', () => {
    expect(renderFleet([{ host: 'local', kind: 'listed', runs: [] }])).toBe(
      'no runs on any host that answered\n',
    );
  });
});
