// The local HTTP server: Node's own `http` module (ten routes, one an event stream, need no
// framework, and a supervisor that runs for weeks is better off without a dependency to audit).
// Order of checks per request: the Host header must name this server (a DNS-rebinding page cannot
// reach it under another name), a browser Origin must be this server's own (no CORS: other
// origins are refused, never allowed), GET / serves the dashboard page, and every /api/ route
// needs `Authorization: Bearer <token>` — checked before routing, so a wrong token learns nothing —
// except POST /api/login, which trades a one-time login code for the token (login-code.ts). A
// read-only server (`launch dashboard`) refuses every POST after the token check.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';
import { apiRoutes, DEFAULT_API_LIMITS, matchRoute, type ApiLimits } from './api-routes.js';
import type { ControlPort } from './control-port.js';
import { DEFAULT_CONNECTION_LIMITS, guardConnections } from './connection-guard.js';
import {
  BASE_HEADERS,
  failure,
  parseJsonBody,
  readBody,
  reply,
  sendReply,
  type Reply,
} from './exchange.js';
import { resumePoint, streamEvents } from './event-stream.js';
import { bearerToken, tokenMatches } from './token.js';

export interface HttpServerOptions {
  readonly host: string;
  /** 0: any free port (the chosen one is in the result). */
  readonly port: number;
  readonly token: string;
  readonly control: ControlPort;
  /** The dashboard page; `__NONCE__` is replaced by each response's CSP nonce. */
  readonly page: string;
  readonly limits?: Partial<HttpLimits>;
  /**
   * Trades a one-time login code for the token (POST /api/login, the one route without a token):
   * null when the code is good, else why not. Without it the route answers 404.
   */
  readonly redeemLogin?: (code: string) => string | null;
  /** Set for a read-only server (`launch dashboard`): every POST is refused with this sentence. */
  readonly readOnly?: string;
  /** Told about a request that failed unexpectedly (a bug); the client gets a 500. */
  readonly onError?: (error: unknown) => void;
}

export interface HttpLimits extends ApiLimits {
  /** Concurrent event streams. */
  readonly maxStreams: number;
  readonly heartbeatMs: number;
  readonly retryMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  ...DEFAULT_API_LIMITS,
  maxStreams: 16,
  heartbeatMs: 15_000,
  retryMs: 2_000,
};

export interface RunningHttpServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Ends the event streams and closes every connection. */
  readonly close: () => Promise<void>;
}

/** In the listen error when the port is taken (callers word that case for people). */
export const ADDRESS_IN_USE = 'the address is in use';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** How a URL names the host (IPv6 in brackets). */
export const urlHost = (host: string): string =>
  host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

function pageHeaders(nonce: string): Record<string, string> {
  return {
    ...BASE_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}

const loginBody = z.strictObject({ code: z.string().max(200) });

/** POST /api/login: `{ "code": "…" }` → `{ "token": "…" }`, or 401 saying why not. */
async function redeem(
  req: IncomingMessage,
  check: (code: string) => string | null,
  token: string,
  maxBytes: number,
): Promise<Reply> {
  const text = await readBody(req, maxBytes);
  if (!text.ok) return failure(400, text.error, { Connection: 'close' });
  const body = parseJsonBody(req, text.value, loginBody);
  if (!body.ok) return failure(400, body.error);
  const refused = check(body.value.code);
  return refused === null
    ? reply(200, { token })
    : failure(401, refused, { 'WWW-Authenticate': 'Bearer realm="launch"' });
}

export async function startHttpServer(
  options: HttpServerOptions,
): Promise<Result<RunningHttpServer, string>> {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const routes = apiRoutes(options.control, limits);
  const streams = new Set<() => void>();
  let port = options.port;
  const loopback = isLoopback(options.host);
  /** Host header values that name this server (checked only when bound to loopback). */
  const allowedHosts = (): Set<string> =>
    new Set([
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `${urlHost(options.host)}:${port}`,
    ]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://server.invalid');
    const path = url.pathname;
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (loopback && !allowedHosts().has(hostHeader)) {
      sendReply(
        res,
        failure(403, `the Host header "${hostHeader.slice(0, 100)}" does not name this server`),
      );
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${hostHeader}`) {
      sendReply(
        res,
        failure(403, `cross-origin requests are refused (Origin ${origin.slice(0, 100)})`),
      );
      return;
    }
    if (method === 'OPTIONS') {
      sendReply(
        res,
        failure(405, 'no CORS: this API answers its own page only', { Allow: 'GET, POST' }),
      );
      return;
    }
    if (!path.startsWith('/api/') && path !== '/api') {
      if (path === '/' || path === '/index.html') {
        if (method !== 'GET' && method !== 'HEAD') {
          sendReply(res, failure(405, `${method} ${path} is not supported`, { Allow: 'GET' }));
          return;
        }
        const nonce = randomBytes(16).toString('base64');
        const page = options.page.replaceAll('__NONCE__', nonce);
        res.writeHead(200, {
          ...pageHeaders(nonce),
          'Content-Length': String(Buffer.byteLength(page)),
        });
        res.end(method === 'HEAD' ? undefined : page);
        return;
      }
      sendReply(res, failure(404, `nothing at ${path.slice(0, 200)}; the dashboard is at /`));
      return;
    }
    if (path === '/api/login' && options.redeemLogin !== undefined) {
      if (method !== 'POST') {
        sendReply(res, failure(405, `${method} ${path} is not supported`, { Allow: 'POST' }));
        return;
      }
      sendReply(res, await redeem(req, options.redeemLogin, options.token, limits.maxBodyBytes));
      return;
    }
    if (!tokenMatches(options.token, bearerToken(req.headers.authorization))) {
      sendReply(
        res,
        failure(
          401,
          req.headers.authorization === undefined
            ? 'missing Authorization: Bearer <token> (the token is in <log-dir>/http.token)'
            : 'wrong token (the token is in <log-dir>/http.token)',
          { 'WWW-Authenticate': 'Bearer realm="launch"' },
        ),
      );
      return;
    }
    if (options.readOnly !== undefined && method === 'POST') {
      sendReply(res, failure(403, options.readOnly, { Connection: 'close' }));
      return;
    }
    if (path === '/api/events/stream') {
      if (method !== 'GET') {
        sendReply(res, failure(405, `${method} ${path} is not supported`, { Allow: 'GET' }));
        return;
      }
      const resume = resumePoint(
        typeof req.headers['last-event-id'] === 'string' ? req.headers['last-event-id'] : undefined,
        url.searchParams.get('since'),
      );
      if (!resume.ok) {
        sendReply(res, failure(400, resume.error));
        return;
      }
      if (streams.size >= limits.maxStreams) {
        sendReply(res, failure(503, `too many event streams open (${limits.maxStreams})`));
        return;
      }
      const stop = streamEvents(res, options.control.events, resume.value, limits);
      streams.add(stop);
      res.on('close', () => streams.delete(stop));
      return;
    }
    const found = matchRoute(routes, method, path);
    if (found === null) {
      sendReply(res, failure(404, `no API route ${method} ${path.slice(0, 200)}`));
      return;
    }
    if ('allowed' in found) {
      sendReply(
        res,
        failure(405, `${method} ${path} is not supported`, { Allow: found.allowed.join(', ') }),
      );
      return;
    }
    const answer = await found.route.handle(
      { req, method, path, query: url.searchParams },
      found.params,
    );
    sendReply(res, answer);
  };

  const server: Server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) sendReply(res, failure(500, 'internal error; see the watchdog log'));
      else res.destroy();
    });
  });
  // A slow or stuck client cannot hold a connection for long while sending its request (checked
  // every second, not Node's default 30 s), an idle keep-alive socket goes after 5 s, and when
  // connections run short the oldest idle one makes room for the newcomer (connection-guard.ts).
  server.headersTimeout = 5_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  guardConnections(server, DEFAULT_CONNECTION_LIMITS);

  const listening = await new Promise<Result<void, string>>((resolve) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const why =
        error.code === 'EADDRINUSE'
          ? `${ADDRESS_IN_USE} (another program, or another watchdog, serves there)`
          : error.code === 'EACCES'
            ? 'permission denied (ports below 1024 need privileges)'
            : error.code === 'EADDRNOTAVAIL'
              ? 'no such address on this machine'
              : error.message;
      resolve(err(`cannot serve HTTP on ${urlHost(options.host)}:${options.port}: ${why}`));
    };
    server.once('error', onError);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', onError);
      resolve(ok(undefined));
    });
  });
  if (!listening.ok) return listening;
  port = (server.address() as AddressInfo).port;

  return ok({
    url: `http://${urlHost(options.host)}:${port}/`,
    host: options.host,
    port,
    close: async () => {
      for (const stop of [...streams]) stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  });
}
