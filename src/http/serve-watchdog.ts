// Puts the HTTP API and dashboard beside a running watchdog: where to listen (`--http [PORT]`,
// HTTP_PORT, `--http-host`), the token, the ledger feed, the ControlPort over the real adapters,
// the server, and <log-dir>/http.json for `launch status --url`. The composition root of src/http/;
// `launch dashboard` serves the same page and API read-only from a stopped run's log dir.
import { readFileSync } from 'node:fs';
import { readLastLines } from '../adapters/file-follower.js';
import { createLedgerFeed, type EventFeed } from '../adapters/ledger-feed.js';
import { ledgerPath, parseEvents } from '../adapters/ledger.js';
import { sequenceOf } from '../adapters/ledger-sequence.js';
import { packagePath } from '../util/package-root.js';
import { err, ok, type Result } from '../util/result.js';
import { removeAddress, writeAddress } from './address-file.js';
import { isLoopback, startHttpServer, urlHost } from './server.js';
import { viewedFeed } from './event-view.js';
import { loginRefusalMessage, redeemLoginCode } from './login-code.js';
import { relativeWords } from './relative-words.js';
import { clearServingProblem } from './serving-record.js';
import { ensureToken } from './token.js';
import { createWatchdogPort, type WatchdogPortContext } from './watchdog-port.js';

/** `--http` without a port and no HTTP_PORT. */
export const DEFAULT_HTTP_PORT = 4777;
export const DEFAULT_HTTP_HOST = '127.0.0.1';

export interface ListenChoice {
  readonly host: string;
  readonly port: number;
  /** Asked for on the command line (a failure to bind then ends the command). */
  readonly explicit: boolean;
  /** Set when the address is reachable from other machines. */
  readonly warning: string | null;
}

export interface ListenInput {
  /** commander's value of `--http [port]`: undefined, true (no port), or the port text. */
  readonly flag: boolean | string | undefined;
  readonly hostFlag: string | undefined;
  readonly settingPort: number | null;
  /** --once or --dry-run: nothing stays up to serve. */
  readonly shortRun: boolean;
}

/** Where to listen, null for no HTTP, or a usage error. Pure. */
export function chooseListen(input: ListenInput): Result<ListenChoice | null, string> {
  const explicit = input.flag !== undefined && input.flag !== false;
  if (input.hostFlag !== undefined && !explicit && input.settingPort === null)
    return err(
      '--http-host needs --http [PORT] (or HTTP_PORT): it says where to serve, not whether',
    );
  if (!explicit && input.settingPort === null) return ok(null);
  if (input.shortRun) {
    // HTTP_PORT in the settings must not break `launch watchdog --once` (cron): it just has no server.
    return explicit
      ? err('--http serves while the watchdog runs; it cannot be combined with --once or --dry-run')
      : ok(null);
  }
  let port = input.settingPort ?? DEFAULT_HTTP_PORT;
  if (typeof input.flag === 'string') {
    const text = input.flag.trim();
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
      return err(
        `--http must be a port number from 0 to 65535, got "${input.flag}"` +
          (text.includes(':') ? '; to listen on another address use --http-host' : ''),
      );
    port = Number(text);
  }
  const host = input.hostFlag?.trim() || DEFAULT_HTTP_HOST;
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    return err(`--http-host must be an IP address or host name, got "${input.hostFlag ?? ''}"`);
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const warning = isLoopback(bare)
    ? null
    : `the HTTP API listens on ${urlHost(bare)}:${port}, reachable from other machines; anyone with the token can type into the agents — prefer 127.0.0.1 with an SSH tunnel`;
  return ok({ host: bare, port, explicit, warning });
}

/** The watchdog's side of the port (everything but the ledger feed, made here) and an error sink. */
export type WatchdogHttpContext = Omit<WatchdogPortContext, 'events'> & {
  readonly onError: (error: unknown) => void;
};

export interface WatchdogHttp {
  readonly url: string;
  readonly tokenFile: string;
  /** Warnings worth printing (e.g. a token file that was readable by others). */
  readonly warnings: readonly string[];
  readonly close: () => Promise<void>;
}

/** What every POST of a read-only server (`launch dashboard`) is told. */
export const READ_ONLY_REFUSAL =
  'read-only: this page is served by `launch dashboard` from the log dir of a run whose watchdog is not running; nothing is sent to its sessions. `launch start --resume` brings the run back';

/**
 * The page, ready to serve: the relative-time words it shares with the CLI's tests put in, and
 * whether it is the live watchdog's page or a read-only look at a stopped run.
 */
export const dashboardPage = (
  options: { readonly readOnly: boolean } = { readOnly: false },
): string =>
  readFileSync(packagePath('web', 'dashboard.html'), 'utf8')
    .replace('/*__RELATIVE_WORDS__*/', `const relativeWords = (${relativeWords.toString()});`)
    .replace('__MODE__', options.readOnly ? 'read-only' : 'live');

/** The last sequence number written to the ledger file, or null. */
function ledgerEnd(logDir: string): number | null {
  const events = parseEvents(readLastLines(ledgerPath(logDir), 20, 256 * 1024).text);
  for (const event of events.reverse()) {
    const seq = sequenceOf(event);
    if (seq !== null) return seq;
  }
  return null;
}

/**
 * Waits (bounded) until the feed has passed on every line in the ledger: the watchdog's last
 * events (`watchdog-stopped`, `sequence-complete`) reach open pages before the server goes.
 */
async function drain(feed: EventFeed, logDir: string, timeoutMs: number): Promise<void> {
  const end = ledgerEnd(logDir);
  const deadline = Date.now() + timeoutMs;
  while (end !== null && (feed.last() ?? -1) < end && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

export async function startWatchdogHttp(
  context: WatchdogHttpContext,
  choice: ListenChoice,
  options: { readonly readOnly: boolean } = { readOnly: false },
): Promise<Result<WatchdogHttp, string>> {
  const { settings } = context;
  const token = ensureToken(settings.logDir);
  if (!token.ok) return token;
  const feed = createLedgerFeed(settings.logDir);
  const control = createWatchdogPort({
    ...context,
    events: viewedFeed(feed, context.zone, context.now),
  });
  const server = await startHttpServer({
    host: choice.host,
    port: choice.port,
    token: token.value.token,
    control,
    page: dashboardPage(options),
    redeemLogin: (code) => {
      const redeemed = redeemLoginCode(settings.logDir, code, context.now());
      return redeemed.ok ? null : loginRefusalMessage(redeemed.error);
    },
    ...(options.readOnly ? { readOnly: READ_ONLY_REFUSAL } : {}),
    onError: context.onError,
  });
  if (!server.ok) {
    await feed.close();
    return err(server.error);
  }
  // http.json names the live watchdog's server; a read-only look at a stopped run is not one.
  if (!options.readOnly) {
    clearServingProblem(settings.logDir);
    writeAddress(settings.logDir, {
      url: server.value.url,
      host: server.value.host,
      port: server.value.port,
      pid: process.pid,
      tokenFile: token.value.file,
      startedAt: context.now().toISOString(),
    });
  }
  return ok({
    url: server.value.url,
    tokenFile: token.value.file,
    warnings: token.value.warning ? [token.value.warning] : [],
    close: async () => {
      if (!options.readOnly) await drain(feed, settings.logDir, 2_000);
      await server.value.close();
      await feed.close();
      if (!options.readOnly) removeAddress(settings.logDir);
    },
  });
}
