// The dashboard link the CLI prints (`launch status --url`, `launch start`): the live server's
// address with a fresh one-time login code, or why there is none ("port 45999 in use: the watchdog
// serves no dashboard") read from what the watchdog recorded.
import { readLiveAddress, type HttpAddress } from '../http/address-file.js';
import { issueLoginCode, LOGIN_CODE_TTL_MS, loginLink } from '../http/login-code.js';
import { readServingProblem, servingProblemWords } from '../http/serving-record.js';
import { err, ok, type Result } from '../util/result.js';

export interface DashboardLink {
  readonly address: HttpAddress;
  /** The address with a one-time login code (valid LOGIN_CODE_TTL_MS, once). */
  readonly link: string;
}

export type NoLink =
  { readonly reason: 'problem'; readonly message: string } | { readonly reason: 'not-serving' };

/** A fresh link to the live server, or why there is none. */
export function dashboardLink(logDir: string, now: Date): Result<DashboardLink, NoLink> {
  const address = readLiveAddress(logDir);
  if (address !== null)
    return ok({ address, link: loginLink(address.url, issueLoginCode(logDir, now)) });
  const problem = readServingProblem(logDir);
  return problem === null
    ? err({ reason: 'not-serving' })
    : err({ reason: 'problem', message: servingProblemWords(problem) });
}

/** "link below works once, for 5 minutes". */
export const LINK_NOTE = `opens the dashboard signed in; works once, for ${Math.round(LOGIN_CODE_TTL_MS / 60_000)} minutes (\`launch status --url\` makes another)`;

/**
 * Waits until the watchdog started at or after `since` says whether it serves (http.json) or why
 * not (http-problem.json); null when it has said nothing within `timeoutMs`.
 */
export async function awaitServingState(
  logDir: string,
  since: Date,
  timeoutMs: number,
): Promise<'serving' | 'problem' | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const address = readLiveAddress(logDir);
    if (address !== null && Date.parse(address.startedAt) >= since.getTime() - 1000)
      return 'serving';
    const problem = readServingProblem(logDir);
    if (problem !== null && Date.parse(problem.at) >= since.getTime() - 1000) return 'problem';
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
