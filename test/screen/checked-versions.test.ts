import { describe, expect, it } from 'vitest';
import {
  CHECKED_VERSIONS,
  compareVersions,
  parseClientVersion,
  uncheckedVersionWarning,
} from '../../src/screen/checked-versions.js';
import { CLIENT_TAG, loadPaneFixtures } from '../helpers/pane-fixtures.js';

describe('checked client versions', () => {
  it('are the newest versions the pane fixtures were captured or taken from', () => {
    const newest: Record<string, string> = {};
    for (const fixture of loadPaneFixtures()) {
      if (fixture.client === undefined) continue;
      const [, client = '', version = ''] = CLIENT_TAG.exec(fixture.client) ?? [];
      const seen = newest[client];
      if (seen === undefined || compareVersions(version, seen) > 0) newest[client] = version;
    }
    expect(newest).toEqual(CHECKED_VERSIONS);
  });

  it('reads the version each client prints for --version', () => {
    expect(parseClientVersion('2.1.197 (Claude Code)\n')).toBe('2.1.197');
    expect(parseClientVersion('codex-cli 0.171.0')).toBe('0.171.0');
    expect(parseClientVersion('0.61.0\n')).toBe('0.61.0');
    expect(parseClientVersion('1.18.33')).toBe('1.18.33');
    expect(parseClientVersion('0.62.0-nightly.20261201.abc')).toBe('0.62.0');
    expect(parseClientVersion('Error: claude native binary not installed.')).toBeNull();
  });

  it('compares versions by number, not text', () => {
    expect(compareVersions('2.1.197', '2.1.20')).toBeGreaterThan(0);
    expect(compareVersions('2.2.0', '2.1.197')).toBeGreaterThan(0);
    expect(compareVersions('0.61.0', '0.61.0')).toBe(0);
    expect(compareVersions('0.9.9', '0.61.0')).toBeLessThan(0);
  });

  it('warns only for a client newer than the one checked', () => {
    expect(uncheckedVersionWarning('claude', '2.2.0')).toBe(
      'screens of claude 2.2.0 not yet checked by this launch (newest checked: 2.1.197): watch for `unrecognised`',
    );
    expect(uncheckedVersionWarning('claude', '2.1.197')).toBeNull();
    expect(uncheckedVersionWarning('codex', '0.100.0')).toBeNull();
  });
});
