// The HTTP API's bearer token: <log-dir>/http.token, created 0600 on first use (whoever can read the
// log dir's secrets can drive the agents), compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../util/result.js';

export const TOKEN_FILE = 'http.token';
export const tokenPath = (logDir: string): string => join(logDir, TOKEN_FILE);

/** base64url / hex / similar: what a person may paste in, without whitespace or quotes. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{16,512}$/;

export interface TokenFile {
  readonly token: string;
  readonly file: string;
  readonly created: boolean;
  /** Set when the file's permissions were loosened by someone and have been tightened. */
  readonly warning: string | null;
}

function readToken(file: string): Result<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (cause) {
    return err(`${file}: cannot read the HTTP token: ${(cause as Error).message}`);
  }
  if (!TOKEN_PATTERN.test(text))
    return err(
      `${file}: expected one token of 16-512 letters, digits or ._~+/=- characters; delete the file and a new one is made`,
    );
  return ok(text);
}

/** Reads the token, creating the file (mode 0600, exclusively) when it does not exist yet. */
export function ensureToken(logDir: string): Result<TokenFile, string> {
  const file = tokenPath(logDir);
  mkdirSync(logDir, { recursive: true });
  const fresh = randomBytes(32).toString('base64url');
  let fd: number | null = null;
  try {
    // 'wx': fails if it exists, so two processes never each write a different token.
    fd = openSync(file, 'wx', 0o600);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'EEXIST')
      return err(`${file}: cannot create the HTTP token: ${(cause as Error).message}`);
  }
  if (fd !== null) {
    try {
      writeSync(fd, `${fresh}\n`);
    } finally {
      closeSync(fd);
    }
    return ok({ token: fresh, file, created: true, warning: null });
  }
  const token = readToken(file);
  if (!token.ok) return token;
  let warning: string | null = null;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    warning = `${file} was readable by others (mode ${mode.toString(8)}); set to 0600`;
  }
  return ok({ token: token.value, file, created: false, warning });
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Constant-time comparison: both sides are hashed first, so the buffers timingSafeEqual compares
 * always have the same length and the time taken says nothing about the token's length or prefix.
 */
export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  return timingSafeEqual(digest(expected), digest(presented));
}
