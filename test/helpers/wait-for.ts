// Waits for a condition with a generous deadline, then says which step timed out and what it saw.

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Extra context for the failure message (e.g. the captured pane). */
  readonly describe?: () => Promise<string> | string;
}

export async function waitFor<T>(
  step: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const context = options.describe ? `\n--- context ---\n${await options.describe()}` : '';
      const detail = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`timed out waiting for: ${step}${detail}${context}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
