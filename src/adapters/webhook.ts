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

/**
 * The URL as it may appear in logs: webhook URLs often carry their secret in the path or query
 * (Slack, Discord, ntfy tokens), so only the scheme and host are shown.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = `${parsed.pathname}${parsed.search}` === '/' ? '' : '/…';
    return `${parsed.protocol}//${parsed.host}${rest}`;
  } catch {
    return 'the webhook';
  }
}

export async function postJson(
  url: string,
  body: string,
  options: PostOptions,
): Promise<Result<number, SendFailure>> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const shown = redactUrl(url);
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
      detail: `${shown} answered HTTP ${status}`,
      retryable: status >= 500 || status === 429 || status === 408,
    });
  } catch (cause) {
    if (options.signal.aborted) return err({ detail: 'cancelled at exit', retryable: false });
    if (timeout.aborted)
      return err({
        detail: `${shown} did not answer within ${options.timeoutMs / 1000}s`,
        retryable: true,
      });
    const reason = cause instanceof Error ? (cause.cause ?? cause) : cause;
    const message = reason instanceof Error ? reason.message : String(reason);
    return err({ detail: `${shown}: ${message}`, retryable: true });
  }
}
