// Reading a request and writing a response for the HTTP API: bodies read with a size bound and
// checked by zod, every answer JSON, every error `{ "error": "<one sentence>" }`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';

/** Headers on every response: nothing is cached, sniffed, framed or referred. */
export const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
} as const;

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const reply = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export const failure = (status: number, message: string, headers?: Record<string, string>): Reply =>
  reply(status, { error: message }, headers);

export function sendReply(res: ServerResponse, answer: Reply): void {
  const text = `${JSON.stringify(answer.body, null, 2)}\n`;
  res.writeHead(answer.status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...answer.headers,
  });
  res.end(text);
}

/**
 * The body as text, at most `maxBytes`. A larger one is refused as soon as it is known to be
 * larger (its Content-Length, or the byte that crosses the bound); the rest is not read, and the
 * caller answers with Connection: close.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Result<string, string>> {
  const tooLarge = `the body is larger than ${maxBytes} bytes`;
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(err(tooLarge));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: Result<string, string>): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        finish(err(tooLarge));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish(ok(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', (error) => finish(err(`the body could not be read: ${error.message}`)));
    req.on('aborted', () => finish(err('the client went away while sending the body')));
  });
}

/** One sentence per zod issue: `text: Too big: expected string to have <=4000 characters`. */
export function describeIssues(error: z.ZodError, what: string): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return `${path ? `${what}.${path}` : what}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Parses a JSON body against `schema`. An empty body counts as `{}` (for routes whose fields are all
 * optional); a non-empty one must say it is JSON.
 */
export function parseJsonBody<S extends z.ZodType>(
  req: IncomingMessage,
  text: string,
  schema: S,
): Result<z.output<S>, string> {
  let value: unknown = {};
  if (text.trim() !== '') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return err(`expected Content-Type: application/json, got ${type ? `"${type}"` : 'none'}`);
    try {
      value = JSON.parse(text) as unknown;
    } catch (cause) {
      return err(`the body is not valid JSON: ${(cause as Error).message}`);
    }
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err(describeIssues(parsed.error, 'body'));
}
