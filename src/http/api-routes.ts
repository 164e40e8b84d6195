// The HTTP API's routes (all behind the bearer token; see server.ts): each parses its parameters and
// body with zod, asks the ControlPort, and answers JSON. The SSE stream is in event-stream.ts.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ROLES, type Role } from '../config/roles.js';
import type { ControlPort, ControlReply } from './control-port.js';
import { describeIssues, failure, parseJsonBody, readBody, reply, type Reply } from './exchange.js';

export interface ApiLimits {
  /** Largest request body accepted. */
  readonly maxBodyBytes: number;
  /** Longest message typed into a session. */
  readonly maxMessageChars: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = { maxBodyBytes: 16 * 1024, maxMessageChars: 4000 };

/** Control characters would act as keys in the agent's terminal (Ctrl-C, Escape...): refused. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const messageBody = (limits: ApiLimits) =>
  z.strictObject({
    text: z
      .string()
      .min(1)
      .max(limits.maxMessageChars)
      .refine((text) => !CONTROL.test(text), {
        message: 'must not contain control characters (they would act as keys in the terminal)',
      })
      .refine((text) => text.trim() !== '', { message: 'must not be blank' }),
  });
const restartBody = z.strictObject({ force: z.boolean().optional() });
const answerBody = z.strictObject({
  /** An option number ("1") or the text to type. */
  answer: z
    .string()
    .min(1)
    .max(200)
    .refine((text) => !CONTROL.test(text), {
      message: 'must not contain control characters (they would act as keys in the terminal)',
    })
    .refine((text) => text.trim() !== '', { message: 'must not be blank' }),
  /** Who asks, for the ledger (`launch answer` says cli, the dashboard says dashboard). */
  via: z.enum(['cli', 'api', 'dashboard']).optional(),
});
const pauseBody = z.strictObject({ note: z.string().max(500).optional() });
const resumeBody = z.strictObject({});

const eventsQuery = z.strictObject({
  since: z
    .string()
    .regex(/^(\d{1,15}|\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2}))$/, {
      message: 'expected a sequence number or an ISO-8601 instant such as 2026-03-01T12:00:00Z',
    })
    .refine((text) => /^\d+$/.test(text) || !Number.isNaN(Date.parse(text)), {
      message: 'not a valid instant',
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const paneQuery = z.strictObject({ lines: z.coerce.number().int().min(1).max(500).default(60) });

export interface ApiRequest {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

type Handler = (request: ApiRequest, params: readonly string[]) => Promise<Reply>;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly handle: Handler;
}

function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) out[key] = value;
  return out;
}

/** The team's role names (any team); the three default roles for a port that does not say. */
let teamRoles: () => readonly Role[] = () => ROLES;

function parseRole(text: string | undefined): Role | null {
  return text !== undefined && teamRoles().includes(text) ? text : null;
}

const unknownRole = (text: string | undefined): Reply =>
  failure(404, `unknown role "${text ?? ''}"; expected one of ${teamRoles().join(', ')}`);

/** Oversized bodies close the connection: the rest of what the client sends is not read. */
const bodyFailure = (message: string): Reply => failure(400, message, { Connection: 'close' });

function replyFor(answer: ControlReply): Reply {
  switch (answer.kind) {
    case 'refused': {
      const status = { invalid: 400, 'not-found': 404, conflict: 409, unavailable: 503 }[
        answer.status
      ];
      return failure(status, answer.message);
    }
    case 'message':
      return reply(200, {
        role: answer.role,
        result: answer.delivered ? 'delivered' : 'not-delivered',
        detail: answer.detail,
      });
    case 'restart':
      return reply(200, {
        role: answer.role,
        result: answer.restarted ? 'restarted' : 'failed',
        detail: answer.detail,
      });
    case 'answer':
      return reply(200, {
        role: answer.role,
        result: answer.answered ? 'answered' : 'not-answered',
        detail: answer.detail,
      });
  }
}

export function apiRoutes(control: ControlPort, limits: ApiLimits): readonly Route[] {
  teamRoles = control.roles ?? (() => ROLES);
  const withBody = async <S extends z.ZodType>(
    request: ApiRequest,
    schema: S,
    then: (body: z.output<S>) => Promise<Reply> | Reply,
  ): Promise<Reply> => {
    const text = await readBody(request.req, limits.maxBodyBytes);
    if (!text.ok) return bodyFailure(text.error);
    const body = parseJsonBody(request.req, text.value, schema);
    if (!body.ok) return failure(400, body.error);
    return then(body.value);
  };
  const withQuery = <S extends z.ZodType>(
    request: ApiRequest,
    schema: S,
    then: (query: z.output<S>) => Promise<Reply> | Reply,
  ): Promise<Reply> | Reply => {
    const parsed = schema.safeParse(queryObject(request.query));
    if (!parsed.success) return failure(400, describeIssues(parsed.error, 'query'));
    return then(parsed.data);
  };

  return [
    {
      method: 'GET',
      pattern: /^\/api\/status$/,
      handle: async () => reply(200, await control.status()),
    },
    {
      method: 'GET',
      pattern: /^\/api\/phases$/,
      handle: () => Promise.resolve(reply(200, control.phases())),
    },
    {
      method: 'GET',
      pattern: /^\/api\/events$/,
      handle: (request) =>
        Promise.resolve(
          withQuery(request, eventsQuery, (query) => {
            const since = query.since;
            const history = control.events.history({
              limit: query.limit,
              ...(since === undefined
                ? {}
                : /^\d+$/.test(since)
                  ? { sinceSeq: Number(since) }
                  : { sinceTime: Date.parse(since) }),
            });
            return reply(200, { ...history, last: control.events.last() });
          }),
        ),
    },
    {
      method: 'GET',
      pattern: /^\/api\/sessions\/([^/]+)\/pane$/,
      handle: async (request, [name]) => {
        const role = parseRole(name);
        if (role === null) return unknownRole(name);
        return withQuery(request, paneQuery, async (query) =>
          reply(200, await control.pane(role, query.lines)),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/sessions\/([^/]+)\/message$/,
      handle: async (request, [name]) => {
        const role = parseRole(name);
        if (role === null) return unknownRole(name);
        return withBody(request, messageBody(limits), async (body) =>
          replyFor(await control.message(role, body.text)),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/sessions\/([^/]+)\/restart$/,
      handle: async (request, [name]) => {
        const role = parseRole(name);
        if (role === null) return unknownRole(name);
        return withBody(request, restartBody, async (body) =>
          replyFor(await control.restart(role, body.force ?? false)),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/sessions\/([^/]+)\/answer$/,
      handle: async (request, [name]) => {
        const role = parseRole(name);
        if (role === null) return unknownRole(name);
        const answerPort = control.answer;
        if (answerPort === undefined) return failure(503, 'this watchdog takes no answers');
        return withBody(request, answerBody, async (body) =>
          replyFor(await answerPort(role, body.answer, body.via ?? 'api')),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/pause$/,
      handle: () => Promise.resolve(reply(200, control.pauseState())),
    },
    {
      method: 'POST',
      pattern: /^\/api\/pause$/,
      handle: (request) =>
        withBody(request, pauseBody, (body) => reply(200, control.pause(body.note ?? null))),
    },
    {
      method: 'POST',
      pattern: /^\/api\/resume$/,
      handle: (request) => withBody(request, resumeBody, () => reply(200, control.resume())),
    },
  ];
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // malformed %-escape: matched as written (and then refused as an unknown role)
  }
}

/** Finds the route for a request: the route, a 405 (path known, method not), or null (404). */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: string[] } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    if (route.method === method) return { route, params: match.slice(1).map(decodePart) };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : null;
}
