import { describe, expect, it } from 'vitest';
import { dialectFor } from '../../src/screen/dialects.js';
import { loadPaneFixtures } from '../helpers/pane-fixtures.js';

const fixtures = loadPaneFixtures();
const REAL_CLIS = ['claude', 'codex', 'gemini', 'opencode'] as const;

describe('pane fixture corpus (test/fixtures/panes)', () => {
  it.each(fixtures.map((fixture) => [`${fixture.backend}/${fixture.name}`, fixture] as const))(
    '%s',
    (_label, fixture) => {
      const dialect = dialectFor(fixture.backend);
      const { recognised, ...rest } = dialect.classify(fixture.pane, {
        now: fixture.now,
        zone: fixture.zone,
      });
      expect(rest).toEqual({ ...fixture.expect, recognised: undefined });
      if (fixture.expect.recognised !== undefined)
        expect(recognised).toBe(fixture.expect.recognised);
      if (fixture.ready !== undefined) expect(dialect.isReady(fixture.pane)).toBe(fixture.ready);
    },
  );

  it('holds at least 40 real pane texts across the four CLIs, each quoting its source', () => {
    const real = fixtures.filter(
      (fixture) =>
        (REAL_CLIS as readonly string[]).includes(fixture.backend) &&
        fixture.source.startsWith('https://'),
    );
    expect(real.length).toBeGreaterThanOrEqual(40);
    for (const cli of REAL_CLIS) {
      expect(real.filter((fixture) => fixture.backend === cli).length, cli).toBeGreaterThanOrEqual(
        8,
      );
    }
  });

  it('holds first screens captured from each real client, every client-tagged case saying whether it is recognised', () => {
    const tagged = fixtures.filter((fixture) => fixture.client !== undefined);
    for (const fixture of tagged) {
      expect(fixture.expect.recognised, `${fixture.backend}/${fixture.name}`).toBeDefined();
      expect(fixture.client?.split(' ')[0], fixture.name).toBe(fixture.backend);
    }
    for (const cli of REAL_CLIS) {
      const captured = tagged.filter(
        (fixture) => fixture.backend === cli && fixture.source.startsWith('captured: '),
      );
      expect(captured.length, cli).toBeGreaterThanOrEqual(1);
    }
  });

  it('covers every reading: working, limited by each reset source, stale, fatal, waiting, idle', () => {
    const readings = fixtures.map((fixture) => fixture.expect);
    expect(readings.some((r) => r.active)).toBe(true);
    for (const source of ['time-with-zone', 'time-local', 'date', 'epoch', 'duration'] as const) {
      expect(
        readings.some((r) => r.limited && r.resetSource === source),
        source,
      ).toBe(true);
    }
    expect(readings.some((r) => r.limited && r.resetAt === null)).toBe(true);
    expect(readings.some((r) => r.fatal)).toBe(true);
    expect(readings.some((r) => r.waitingUntil !== null)).toBe(true);
    expect(readings.some((r) => !r.active && !r.limited && !r.fatal && r.matched === null)).toBe(
      true,
    );
  });
});
