// The CLI as a client of a running watchdog's HTTP API (127.0.0.1, bearer token from the log dir),
// so `launch send` / `launch restart` go through the watchdog's operator queue between its ticks.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readLiveAddress, type HttpAddress } from '../http/address-file.js';

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

const errorBody = z.object({ error: z.string() });
export const controlAnswer = z.object({
  role: z.string(),
  result: z.enum(['delivered', 'not-delivered', 'restarted', 'failed', 'answered', 'not-answered']),
  detail: z.string(),
});

/** The live watchdog's address, or null when none serves HTTP for this log dir. */
export function liveApi(logDir: string): HttpAddress | null {
  return readLiveAddress(logDir);
}

/** The message of an error answer (`{ error }`), else the status. */
export function answerError(answer: ApiAnswer): string {
  const parsed = errorBody.safeParse(answer.body);
  return parsed.success ? parsed.data.error : `HTTP ${answer.status}`;
}

export async function postApi(
  address: HttpAddress,
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<ApiAnswer> {
  const token = readFileSync(address.tokenFile, 'utf8').trim();
  const response = await fetch(new URL(path, address.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}
