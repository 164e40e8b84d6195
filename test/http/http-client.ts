// A raw HTTP client for the API tests (node:http, so every header — Host, Origin, Content-Length —
// is the test's to choose) and an SSE reader that can be cut off mid-stream.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: unknown;
}

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** Sent as is (a string or bytes). */
  readonly body?: string | Buffer;
  readonly timeoutMs?: number;
}

export function send(base: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        timeout: options.timeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text) as unknown;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`timed out: ${options.method ?? 'GET'} ${options.path}`)),
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const bearer = (token: string): Record<string, string> => ({
  Authorization: `Bearer ${token}`,
});

export const jsonBody = (token: string, body: unknown): Pick<RawRequest, 'headers' | 'body'> => ({
  headers: { ...bearer(token), 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

export interface SseMessage {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

export interface SseReader {
  readonly status: Promise<number>;
  readonly messages: SseMessage[];
  /** Cuts the connection (as a network failure would). */
  readonly destroy: () => void;
  readonly closed: Promise<void>;
}

/** Opens the event stream and collects every message until destroyed. */
export function openStream(
  base: string,
  token: string,
  options: { readonly lastEventId?: string; readonly path?: string } = {},
): SseReader {
  const messages: SseMessage[] = [];
  const headers: Record<string, string> = { ...bearer(token), Accept: 'text/event-stream' };
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = options.lastEventId;
  let resolveStatus: (status: number) => void = () => undefined;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const req = request(new URL(options.path ?? '/api/events/stream', base), { headers }, (res) => {
    resolveStatus(res.statusCode ?? 0);
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let id: string | null = null;
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') id = value;
          else if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length > 0) messages.push({ id, event, data: data.join('\n') });
      }
    });
    res.on('close', () => resolveClosed());
    res.on('error', () => resolveClosed());
  });
  req.on('error', () => {
    resolveStatus(0);
    resolveClosed();
  });
  req.end();
  return { status, messages, destroy: () => req.destroy(), closed };
}
