// `launch watchdog [--once] [--dry-run] [--respawn] [--metrics] [--http [PORT]] [--http-host ADDR]`:
// the watchdog in the foreground (`launch start` runs it with --respawn, detached from any terminal).
// --once: one tick; --dry-run: decide and print, act on nothing; --respawn: keep a watchdog child
// running; --metrics: one JSON health line per heavy tick on stdout (the log then goes to stderr);
// --http (or HTTP_PORT): serve the HTTP API and dashboard.
import { Option, type Command } from 'commander';
import { heldLedgerFor } from '../../adapters/held-ledger.js';
import { readLockHolder } from '../../adapters/watchdog-lock.js';
import type { WatchdogHttp } from '../../http/serve-watchdog.js';
import { startStatusSocket } from '../../watchdog/status-socket.js';
import { statusServer } from '../serve-status.js';
import { sessionName } from '../../config/roles.js';
import { inboxFiles, routesOf } from '../../config/team.js';
import { roleBackend } from '../../agents/role-client.js';
import { activeRoles } from '../../phases/validate.js';
import { dialectFor } from '../../screen/dialects.js';
import { CliError, EXIT_RUNTIME, EXIT_USAGE } from '../../util/errors.js';
import { onStopSignals } from '../../util/stop-signals.js';
import { installCrashGuard } from '../../watchdog/crash-guard.js';
import { takeStopRequest } from '../../watchdog/stop-request.js';
import { EXIT_HANGUP } from '../../watchdog/respawn-policy.js';
import { RESPAWNER_PID_ENV, watchRespawner } from '../../watchdog/respawn-adopt.js';
import { limitZone, requirePhases, resolveSettings, tmuxFor, type CliDeps } from '../context.js';

interface WatchdogOptions {
  readonly once?: boolean;
  readonly dryRun?: boolean;
  readonly runSettings?: boolean;
  readonly metrics?: boolean;
  readonly respawn?: boolean;
  readonly http?: boolean | string;
  readonly httpHost?: string;
  readonly adopt?: string;
}

/** After an error nothing caught: time for the tick, the state and the notifications (≤ 10 s). */
const CRASH_STOP_MS = 30_000;

/** The respawner's pid when this watchdog runs under one (and keeps running), else null. */
function respawnerOf(env: CliDeps['env'], shortRun: boolean): number | null {
  const pid = Number(env[RESPAWNER_PID_ENV] ?? '');
  return !shortRun && Number.isInteger(pid) && pid > 1 ? pid : null;
}

/** `--respawn`: this process only keeps a watchdog child running (src/watchdog/respawn.ts). */
async function respawning(
  deps: CliDeps,
  command: Command,
  options: WatchdogOptions,
): Promise<void> {
  if (options.once || options.dryRun)
    throw new CliError(
      '--respawn keeps a watchdog running; it does not go with --once or --dry-run',
    );
  if (deps.argv === undefined)
    throw new CliError('--respawn needs launch running as its own process', EXIT_RUNTIME);
  // Checked here, once: a bad setting or manifest is an error now, not a loop of failing children.
  const { settings } = resolveSettings(deps, command, {
    usePersisted: options.runSettings ? 'only' : true,
  });
  requirePhases(settings);
  const { runRespawning } = await import('../../watchdog/respawn.js');
  const adopt = options.adopt === undefined ? undefined : Number(options.adopt);
  if (adopt !== undefined && !(Number.isInteger(adopt) && adopt > 0))
    throw new CliError(`--adopt expects a pid, got ${JSON.stringify(options.adopt)}`);
  const ended = await runRespawning({
    argv: [
      deps.launchBin,
      ...deps.argv.filter((word) => word !== '--respawn' && !word.startsWith('--adopt')),
    ],
    ...(adopt !== undefined ? { adopt } : {}),
    logDir: settings.logDir,
    cwd: deps.cwd,
    now: () => deps.now().getTime(),
    say: deps.io.err,
  });
  if (ended.code !== 0)
    throw new CliError(`not starting the watchdog again: ${ended.why}`, ended.code);
}

async function watchdog(deps: CliDeps, command: Command, options: WatchdogOptions): Promise<void> {
  if (options.respawn) return respawning(deps, command, options);
  // Loaded here, not at the top: every other command (`launch status` above all) starts faster
  // without pino, simple-git, chokidar and the HTTP server.
  const [
    { pino },
    { createGitObserver },
    { openWatchdogLog },
    { runWatchdog, Waker },
    { OperatorQueue },
    { chooseListen, startWatchdogHttp },
    { ADDRESS_IN_USE },
    { writeServingProblem, servingProblemWords },
    { createOpsHooks },
    { EvidenceObservers },
    { readClientVersion },
    { createAccountQuota, quotaSettings },
    { launchStateDir },
  ] = await Promise.all([
    import('pino'),
    import('../../adapters/git.js'),
    import('../../adapters/logger.js'),
    import('../../watchdog/loop.js'),
    import('../../watchdog/operator-queue.js'),
    import('../../http/serve-watchdog.js'),
    import('../../http/server.js'),
    import('../../http/serving-record.js'),
    import('../../watchdog/ops-hooks.js'),
    import('../../watchdog/evidence-observers.js'),
    import('../../agents/client-version.js'),
    import('../../watchdog/account-observer.js'),
    import('../../fleet/state-dir.js'),
  ]);
  const { settings } = resolveSettings(deps, command, {
    usePersisted: options.runSettings ? 'only' : true,
  });
  const started = requirePhases(settings);
  // The sequence in force: what the run started with, then each good phases.json edit.
  let sequence = started;
  const dryRun = options.dryRun ?? false;
  const once = options.once ?? false;
  const listen = chooseListen({
    flag: options.http,
    hostFlag: options.httpHost,
    settingPort: settings.httpPort,
    shortRun: dryRun || once,
  });
  if (!listen.ok) throw new CliError(listen.error, EXIT_USAGE);
  // A dry run changes nothing, not even the log. With --metrics, stdout is for the health lines.
  const log = dryRun
    ? { logger: pino({ level: 'silent' }), reopen: () => undefined }
    : openWatchdogLog(settings.logDir, { pretty: options.metrics ? 'stderr' : 'stdout' });
  const { logger } = log;
  const roles = activeRoles(settings);
  const tmux = tmuxFor(settings);
  const now = (): number => deps.now().getTime();
  const dialect = dialectFor(settings.backend);
  const zone = limitZone(settings, deps.env);
  const waker = new Waker();
  const operator = new OperatorQueue(() => waker.nudge());
  let http: WatchdogHttp | null = null;
  // With another watchdog holding the log dir, runWatchdog says so; its port is not ours to take.
  if (listen.value && readLockHolder(settings.logDir) === null) {
    if (listen.value.warning) deps.io.err(`launch: warning: ${listen.value.warning}\n`);
    const started = await startWatchdogHttp(
      {
        settings,
        sequence: () => sequence,
        tmux,
        dialect,
        zone,
        now: deps.now,
        queue: operator,
        nudge: () => waker.nudge(),
        onError: (error) => logger.error({ err: error }, 'HTTP request failed'),
      },
      listen.value,
    );
    if (!started.ok && listen.value.explicit) throw new CliError(started.error, EXIT_RUNTIME);
    if (!started.ok) {
      // From HTTP_PORT (e.g. the watchdog `launch start` made): supervising matters more than serving.
      logger.error(`${started.error}; the watchdog runs without its HTTP API`);
      const problem = {
        pid: process.pid,
        host: listen.value.host,
        port: listen.value.port,
        reason: started.error,
        code: started.error.includes(ADDRESS_IN_USE) ? ('in-use' as const) : ('other' as const),
        at: deps.now().toISOString(),
      };
      // `launch start` and `status --url` read it from here; the ledger keeps it for history.
      writeServingProblem(settings.logDir, problem);
      heldLedgerFor(settings.logDir).write([
        {
          ts: problem.at,
          type: 'http-failed',
          reason: started.error,
          port: problem.port,
          detail: servingProblemWords(problem),
        },
      ]);
    } else {
      http = started.value;
      for (const warning of http.warnings) logger.warn(warning);
      logger.info(`HTTP API and dashboard at ${http.url} (token in ${http.tokenFile})`);
    }
  }
  // `launch status` asks here for a fresh look at the panes, or has the whole command answered here
  // (src/status/served-status-protocol.ts); not for one tick or a dry run.
  const statusSocket =
    dryRun || once || readLockHolder(settings.logDir) !== null
      ? null
      : await startStatusSocket(
          settings.logDir,
          (sessions) => tmux.snapshot(sessions),
          (error) => logger.error({ err: error }, 'status socket request failed'),
          { run: statusServer(deps.launchBin) },
        ).then((started) => {
          if (started.ok) return started.value;
          logger.warn(`${started.error}; launch status asks tmux itself`);
          return null;
        });
  const ops = dryRun
    ? null
    : createOpsHooks({
        settings,
        roles,
        phaseIds: () => sequence.phases.map((phase) => phase.id),
        tmux,
        logger,
        now,
        metrics: options.metrics ? deps.io.out : undefined,
        once,
        reopenWatchdogLog: log.reopen,
      });
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => controller.abort(`signal ${signal}`);
  const stopListening = onStopSignals(onSignal);
  // Under a respawner: a killed respawner is replaced (respawn-adopt.ts), and a SIGHUP nobody
  // asked for through the respawner ends this run with 129, which the respawner answers by
  // starting it again (an operator's stop goes to the respawner, which then starts no other).
  const underRespawner = respawnerOf(deps.env, once || dryRun);
  const stopWatchingRespawner =
    underRespawner === null || deps.argv === undefined
      ? () => undefined
      : watchRespawner({
          respawnerPid: underRespawner,
          logDir: settings.logDir,
          cwd: deps.cwd,
          args: [deps.launchBin, ...deps.argv],
          say: (line) => logger.warn(line),
        });
  controller.signal.addEventListener('abort', stopWatchingRespawner);
  const guard = dryRun
    ? null
    : installCrashGuard({
        stop: (reason) => controller.abort(reason),
        report: (error) => logger.fatal({ err: error }, `unexpected error: ${error.message}`),
        forceAfterMs: CRASH_STOP_MS,
      });
  const evidence = new EvidenceObservers(settings, deps.env, zone, (role) =>
    roleBackend(settings, role),
  );
  if (!dryRun)
    evidence.followOpencode(
      roles.map((role) => ({ role, session: sessionName(settings, role) })),
      (message) => logger.warn(`opencode event stream: ${message}`),
    );
  // The client's version is only named in the unrecognised-screen notice: never wait for it.
  let clientVersion: string | null = null;
  void readClientVersion({ settings, env: deps.env, cwd: deps.cwd })
    .then((read) => {
      if (read.kind === 'found') clientVersion = read.version;
    })
    .catch(() => undefined);
  try {
    const result = await runWatchdog(
      {
        settings,
        phases: started.phases,
        roles,
        tmux,
        dialect,
        git: createGitObserver(settings.builderDir, inboxFiles(routesOf(settings))),
        zone,
        logger,
        now,
        print: deps.io.out,
        clientVersion: () => clientVersion,
        evidence,
        quota: createAccountQuota(
          launchStateDir(deps.env),
          quotaSettings(settings, roles, deps.env, process.pid),
        ),
        ...(ops ? { hooks: ops.hooks } : {}),
      },
      {
        once,
        dryRun,
        stop: controller.signal,
        nudges: waker,
        onSequence: (phases) => {
          sequence = { ...sequence, phases };
        },
        // A signal after `launch stop` left its note: the ledger says who stopped it.
        stoppedBy: () =>
          String(controller.signal.reason).startsWith('signal ')
            ? takeStopRequest(settings.logDir, deps.now())
            : null,
        ...(http ? { operator } : {}),
      },
    );
    if (!result.ok) {
      throw new CliError(
        `another watchdog is running (pid ${result.error.holder.pid}) for log dir ${settings.logDir}`,
        EXIT_RUNTIME,
      );
    }
  } finally {
    operator.close('the watchdog has stopped');
    await evidence.close();
    await http?.close();
    await statusSocket?.close();
    // The watchdog-stopped notification goes out, within a bounded grace period.
    await ops?.close();
    stopListening();
    stopWatchingRespawner();
    guard?.dispose();
    logger.flush();
  }
  if (underRespawner !== null && controller.signal.reason === 'signal SIGHUP')
    throw new CliError('hung up (SIGHUP); the respawner starts the watchdog again', EXIT_HANGUP);
  const crashed = guard?.crash();
  if (crashed) {
    throw new CliError(
      `the watchdog stopped after an unexpected error: ${crashed.message} (see \`launch logs watchdog\`)`,
      EXIT_RUNTIME,
    );
  }
}

export function registerWatchdog(program: Command, deps: CliDeps): void {
  program
    .command('watchdog')
    .description('run the watchdog in the foreground (launch start runs it in <prefix>-watchdog)')
    .option('--once', 'run one tick and exit')
    .option('--dry-run', 'decide once and print what it would do; change nothing')
    .option(
      '--respawn',
      'run the watchdog as a child and start it again when it dies unasked (what launch start runs)',
    )
    .option(
      '--metrics',
      'print one JSON health line per heavy tick on stdout (the log goes to stderr)',
    )
    .option(
      '--http [port]',
      'serve the HTTP API and dashboard on 127.0.0.1 (port: HTTP_PORT, else 4777; 0: any free port)',
    )
    .option(
      '--http-host <address>',
      'listen on this address instead of 127.0.0.1 (reachable from other machines: a warning is printed)',
    )
    .addOption(
      new Option('--adopt <pid>', 'with --respawn: take over this running watchdog').hideHelp(),
    )
    .addOption(
      new Option('--run-settings', 'use exactly the run settings `launch start` saved').hideHelp(),
    )
    .action(async (options: WatchdogOptions, command: Command) => watchdog(deps, command, options));
}
