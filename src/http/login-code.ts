// One-time login codes for the dashboard link (`launch status --url`, `launch start`, `launch
// dashboard`): the link carries a short-lived code instead of the long-lived token, the page trades
// it once for the token (POST /api/login) and drops it from the address bar. A code is a file
// <log-dir>/http-login/<sha256 of the code> holding its expiry: the CLI that prints the link and
// the watchdog that serves the page are different processes, and a rename is the atomic "take"
// that makes a code single-use even when two requests race for it.
import { nodeCrypto } from '../util/node-crypto.js';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { err, ok, type Result } from '../util/result.js';

export const LOGIN_DIR = 'http-login';
/** Long enough to click the printed link, short enough that a link found later in a scrollback is dead. */
export const LOGIN_CODE_TTL_MS = 5 * 60_000;

const CODE_PATTERN = /^[A-Za-z0-9_-]{20,64}$/;
const codeRecord = z.object({ expiresAt: z.string() });

const loginDir = (logDir: string): string => join(logDir, LOGIN_DIR);
const codeFile = (logDir: string, code: string): string =>
  join(loginDir(logDir), nodeCrypto().createHash('sha256').update(code, 'utf8').digest('hex'));

/** Removes codes that expired (and leftovers of redeemed ones) so the folder never grows. */
function sweep(logDir: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(loginDir(logDir));
  } catch {
    return;
  }
  for (const name of names) {
    const file = join(loginDir(logDir), name);
    try {
      const age = now - statSync(file).mtimeMs;
      // A taken code or a temp file being written is another process's for a moment; after a
      // minute it is a leftover. A code file older than a day has expired whatever its TTL.
      if (name.includes('.') ? age > 60_000 : age > 24 * 3600_000) rmSync(file, { force: true });
      else if (name.includes('.')) continue;
      else {
        const parsed = codeRecord.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        if (!parsed.success || Date.parse(parsed.data.expiresAt) < now)
          rmSync(file, { force: true });
      }
    } catch {
      // gone meanwhile, or unreadable: the next sweep tries again
    }
  }
}

/** Makes a fresh code valid until `now + ttlMs`; only its hash is stored. */
export function issueLoginCode(logDir: string, now: Date, ttlMs = LOGIN_CODE_TTL_MS): string {
  sweep(logDir, now.getTime());
  mkdirSync(loginDir(logDir), { recursive: true, mode: 0o700 });
  const code = nodeCrypto().randomBytes(18).toString('base64url');
  writeFileAtomic(
    codeFile(logDir, code),
    `${JSON.stringify({ expiresAt: new Date(now.getTime() + ttlMs).toISOString() })}\n`,
    0o600,
  );
  return code;
}

export type LoginRefusal = 'malformed' | 'unknown' | 'expired';

/** Takes the code (it can never be used again), then checks it had not expired. */
export function redeemLoginCode(
  logDir: string,
  code: string,
  now: Date,
): Result<void, LoginRefusal> {
  if (!CODE_PATTERN.test(code)) return err('malformed');
  const file = codeFile(logDir, code);
  const taken = `${file}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.taken`;
  try {
    renameSync(file, taken);
  } catch {
    return err('unknown'); // never issued, or used already (by this request's racing twin too)
  }
  try {
    const parsed = codeRecord.safeParse(JSON.parse(readFileSync(taken, 'utf8')));
    if (!parsed.success) return err('unknown');
    return Date.parse(parsed.data.expiresAt) >= now.getTime() ? ok(undefined) : err('expired');
  } catch {
    return err('unknown');
  } finally {
    rmSync(taken, { force: true });
  }
}

/** The page reads the code from the fragment, which no server, proxy or referrer ever sees. */
export const loginLink = (url: string, code: string): string => `${url}#login=${code}`;

/** What a refused code is told (one sentence, the fix included). */
export function loginRefusalMessage(reason: LoginRefusal): string {
  switch (reason) {
    case 'malformed':
      return 'that is not a login code; run `launch status --url` for a fresh link';
    case 'unknown':
      return 'this login code was used already or never issued (each works once); run `launch status --url` for a fresh link';
    case 'expired':
      return 'this login code has expired (they last 5 minutes); run `launch status --url` for a fresh link';
  }
}
