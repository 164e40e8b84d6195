// One-time login codes on real files: issued by one process, redeemed once by another, refused when
// used again, expired, malformed or never issued; only hashes are stored; expired ones are swept.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  issueLoginCode,
  LOGIN_DIR,
  loginLink,
  loginRefusalMessage,
  redeemLoginCode,
} from '../../src/http/login-code.js';
import { tempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-03-02T12:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('login codes', () => {
  it('works once: a second use is refused as used', () => {
    const logDir = tempDir();
    const code = issueLoginCode(logDir, NOW);
    expect(redeemLoginCode(logDir, code, later(1000))).toEqual({ ok: true, value: undefined });
    expect(redeemLoginCode(logDir, code, later(2000))).toEqual({ ok: false, error: 'unknown' });
    expect(readdirSync(join(logDir, LOGIN_DIR))).toEqual([]);
  });

  it('is refused after its expiry, and cannot be tried again after that', () => {
    const logDir = tempDir();
    const code = issueLoginCode(logDir, NOW, 60_000);
    expect(redeemLoginCode(logDir, code, later(61_000))).toEqual({ ok: false, error: 'expired' });
    expect(redeemLoginCode(logDir, code, later(1000))).toEqual({ ok: false, error: 'unknown' });
  });

  it('refuses codes never issued and text that is not a code', () => {
    const logDir = tempDir();
    issueLoginCode(logDir, NOW);
    expect(redeemLoginCode(logDir, 'A'.repeat(24), NOW)).toEqual({ ok: false, error: 'unknown' });
    expect(redeemLoginCode(logDir, '../../etc/passwd', NOW)).toEqual({
      ok: false,
      error: 'malformed',
    });
    expect(loginRefusalMessage('unknown')).toMatch(/used already .*launch status --url/);
    expect(loginRefusalMessage('expired')).toMatch(/expired/);
  });

  it('stores only a hash of the code, readable by the owner only', () => {
    const logDir = tempDir();
    const code = issueLoginCode(logDir, NOW);
    const [name] = readdirSync(join(logDir, LOGIN_DIR));
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    const file = join(logDir, LOGIN_DIR, name ?? '');
    expect(readFileSync(file, 'utf8')).not.toContain(code);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('sweeps expired codes when a new one is issued', () => {
    const logDir = tempDir();
    issueLoginCode(logDir, NOW, 1000);
    issueLoginCode(logDir, later(5000));
    expect(readdirSync(join(logDir, LOGIN_DIR))).toHaveLength(1);
  });

  it('puts the code in the fragment, which is never sent to a server', () => {
    expect(loginLink('http://127.0.0.1:4777/', 'abc')).toBe('http://127.0.0.1:4777/#login=abc');
  });
});
