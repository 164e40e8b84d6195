// The opencode observer against a real HTTP server on 127.0.0.1 that streams Server-Sent Events the
// way opencode 1.18.33's GET /event does (`data: {"type", "properties"}` blocks).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  newOpencodeMemory,
  opencodeEventToSignal,
  splitSse,
  startOpencodeObserver,
  type OpencodeObserver,
} from '../../src/evidence/opencode-events.js';
import { readSignalEvidence, readSignalTail } from '../../src/evidence/signals.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

interface SseServer {
  readonly url: string;
  /** Each GET's path and query, and its Authorization header. */
  readonly requests: { url: string; authorization: string | undefined }[];
  /** The open streams, newest last. */
  readonly streams: ServerResponse[];
  send(event: unknown): void;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sseServer(): Promise<SseServer> {
  const requests: SseServer['requests'] = [];
  const streams: ServerResponse[] = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    if (!(request.url ?? '').startsWith('/event')) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(`data: ${JSON.stringify({ type: 'server.connected', properties: {} })}\n\n`);
    streams.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  cleanups.push(close);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    streams,
    send: (event) => streams.at(-1)?.write(`data: ${JSON.stringify(event)}\n\n`),
    close,
  };
}

function observe(server: string, logDir: string): OpencodeObserver {
  const observer = startOpencodeObserver({
    server,
    directory: '/work/builder clone',
    logDir,
    session: 'loop-builder',
    retryMs: 50,
  });
  cleanups.push(() => observer.stop());
  return observer;
}

describe('opencode event observer (real SSE on 127.0.0.1)', () => {
  it('subscribes for the session directory and writes a turn as signal lines', async () => {
    const logDir = tempDir();
    const server = await sseServer();
    observe(server.url, logDir);
    await waitFor('the observer connects', () => server.streams.length === 1);
    expect(server.requests[0]?.url).toBe('/event?directory=%2Fwork%2Fbuilder+clone');

    const sessionID = 'ses_1';
    server.send({ type: 'session.created', properties: { info: { id: sessionID } } });
    server.send({
      type: 'message.updated',
      properties: { sessionID, info: { id: 'msg_1', sessionID, role: 'user' } },
    });
    // The same user message again (opencode repeats updates): one line only.
    server.send({
      type: 'message.updated',
      properties: { sessionID, info: { id: 'msg_1', sessionID, role: 'user' } },
    });
    server.send({ type: 'session.status', properties: { sessionID, status: { type: 'busy' } } });
    const part = (status: string) => ({
      type: 'message.part.updated',
      properties: {
        sessionID,
        time: 1,
        part: {
          id: 'prt_1',
          sessionID,
          messageID: 'msg_2',
          type: 'tool',
          callID: 'call_1',
          tool: 'bash',
          state: { status },
        },
      },
    });
    server.send(part('pending'));
    server.send(part('running'));
    server.send(part('running'));
    server.send({
      type: 'permission.asked',
      properties: {
        id: 'per_1',
        sessionID,
        permission: 'bash',
        patterns: ['git push'],
        metadata: {},
        always: [],
      },
    });
    server.send(part('completed'));
    server.send({ type: 'session.status', properties: { sessionID, status: { type: 'idle' } } });
    server.send({ type: 'session.idle', properties: { sessionID } });
    server.send({ type: 'server.heartbeat', properties: {} });

    const lines = await waitFor('the turn is written', () => {
      const read = readSignalTail(logDir, 'loop-builder') ?? [];
      return read.some((line) => line.event === 'stop') ? read : null;
    });
    expect(lines.map((line) => [line.event, line.raw])).toEqual([
      ['session-start', 'session.created'],
      ['prompt-submitted', 'message.updated'],
      ['tool-start', 'session.status busy'],
      ['tool-start', 'message.part.updated'],
      ['notification', 'permission.asked'],
      ['tool-end', 'message.part.updated'],
      ['stop', 'session.status idle'],
    ]);
    expect(lines[4]).toMatchObject({ notificationKind: 'permission', message: 'bash: git push' });
    const evidence = readSignalEvidence(logDir, 'loop-builder', 0);
    expect(evidence).toMatchObject({ kind: 'seen', asking: null, conversationId: sessionID });
  });

  it('reconnects when the stream ends, and stop() ends it for good', async () => {
    const logDir = tempDir();
    const server = await sseServer();
    const observer = observe(server.url, logDir);
    await waitFor('first connection', () => server.streams.length === 1);
    server.streams[0]?.end();
    await waitFor('reconnected', () => server.streams.length === 2);
    server.send({ type: 'session.idle', properties: { sessionID: 'ses_9' } });
    await waitFor('a line after the reconnect', () =>
      (readSignalTail(logDir, 'loop-builder') ?? []).some((line) => line.event === 'stop'),
    );
    await observer.stop();
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requests.length).toBe(count);
  });

  it('a server that is down is retried; credentials in the URL become a Basic header', async () => {
    const logDir = tempDir();
    const server = await sseServer();
    const { port } = new URL(server.url);
    await server.close();
    const errors: string[] = [];
    const observer = startOpencodeObserver({
      server: `http://opencode:s3cret@127.0.0.1:${port}`,
      directory: '/w',
      logDir,
      session: 's',
      retryMs: 50,
      onError: (message) => errors.push(message),
    });
    cleanups.push(() => observer.stop());
    await waitFor('a failed connection is told', () => errors.length > 0);
    // The same port again, now serving.
    const revived = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(
        `data: ${JSON.stringify({ type: 'session.idle', properties: { sessionID: 'x' } })}\n\n`,
      );
      revived.emit('seen', request.headers.authorization);
    });
    const seen: string[] = [];
    revived.on('seen', (value: string) => seen.push(value));
    await new Promise<void>((resolve) => revived.listen(Number(port), '127.0.0.1', resolve));
    cleanups.push(async () => {
      revived.closeAllConnections();
      await new Promise((resolve) => revived.close(resolve));
    });
    await waitFor('reconnected to the revived server', () => seen.length > 0, {
      timeoutMs: 20_000,
    });
    expect(seen[0]).toBe(`Basic ${Buffer.from('opencode:s3cret').toString('base64')}`);
    expect(errors[0]).not.toContain('s3cret');
  });
});

describe('opencode events, pure', () => {
  it('splits SSE blocks, joins multi-line data, keeps an unfinished block', () => {
    expect(splitSse('data: {"a":1}\r\n\r\nevent: x\ndata: 1\ndata: 2\n\ndata: {"b"')).toEqual({
      data: ['{"a":1}', '1\n2'],
      rest: 'data: {"b"',
    });
  });

  it('question.asked asks; an assistant message or a text part is not a signal', () => {
    const memory = newOpencodeMemory();
    const ts = '2026-12-06T01:00:00.000Z';
    expect(
      opencodeEventToSignal(
        {
          type: 'question.asked',
          properties: { id: 'q1', sessionID: 's', questions: [{ question: 'Which branch?' }] },
        },
        memory,
        ts,
      ),
    ).toMatchObject({
      event: 'notification',
      notificationKind: 'question',
      message: 'Which branch?',
    });
    expect(
      opencodeEventToSignal(
        {
          type: 'message.updated',
          properties: { sessionID: 's', info: { id: 'm', role: 'assistant' } },
        },
        memory,
        ts,
      ),
    ).toBe(null);
    expect(
      opencodeEventToSignal(
        { type: 'message.part.updated', properties: { part: { type: 'text', id: 'p' } } },
        memory,
        ts,
      ),
    ).toBe(null);
  });
});
