// POSTs a JSON document to a webhook with a hard timeout. The answer is data: delivered, or a
// failure that says whether trying again could help (a 5xx, 429 or no answer; not a 404).
import { err, ok, type Result } from '../util/result.js';

export interface SendFailure {
  readonly detail: string;
  readonly retryable: boolean;
}

export interface PostOptions {
  readonly timeoutMs: number;
  /** Aborts the request (the watchdog is exiting and its grace period is over). */
  readonly signal: AbortSignal;
  readonly userAgent: string;
}

export async function postJson(
  url: string,
  body: string,
  options: PostOptions,
): Promise<Result<number, SendFailure>> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': options.userAgent },
      body,
      signal: AbortSignal.any([timeout, options.signal]),
    });
    // The body says nothing we act on; cancelling it frees the connection at once.
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return ok(response.status);
    const status = response.status;
    return err({
      detail: `${url} answered HTTP ${status}`,
      retryable: status >= 500 || status === 429 || status === 408,
    });
  } catch (cause) {
    if (options.signal.aborted) return err({ detail: 'cancelled at exit', retryable: false });
    if (timeout.aborted)
      return err({
        detail: `${url} did not answer within ${options.timeoutMs / 1000}s`,
        retryable: true,
      });
    const reason = cause instanceof Error ? (cause.cause ?? cause) : cause;
    const message = reason instanceof Error ? reason.message : String(reason);
    return err({ detail: `${url}: ${message}`, retryable: true });
  }
}
