// A webhook receiver on 127.0.0.1 for notification tests: records every request body and answers
// with a handler that a test may swap mid-run (to make a receiver fail, hang, then recover).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export type ReceiverHandler = (
  request: IncomingMessage,
  body: string,
  response: ServerResponse,
) => void;

export interface Receiver {
  readonly url: string;
  readonly bodies: string[];
  handler: ReceiverHandler;
  readonly close: () => Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Starts a receiver; it is closed (connections dropped) after the test that made it. */
export async function startReceiver(handler: ReceiverHandler): Promise<Receiver> {
  const bodies: string[] = [];
  const state: { handler: ReceiverHandler } = { handler };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      bodies.push(body);
      state.handler(request, body, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    get handler() {
      return state.handler;
    },
    set handler(next: ReceiverHandler) {
      state.handler = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
