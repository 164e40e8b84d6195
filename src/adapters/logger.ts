// The watchdog's logger: JSON lines to <log-dir>/watchdog.log (what `launch logs watchdog` renders)
// and the same, pretty, on stdout (or on stderr when stdout carries the --metrics lines) for
// whoever watches its pane. The file can be reopened at its path after log rotation renamed it.
import { mkdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export interface WatchdogLog {
  readonly logger: Logger;
  /** Reopens watchdog.log at its path (after a rotation renamed the old one). */
  readonly reopen: () => void;
}

/**
 * The terminal copy of the log is for whoever watches; where it goes (a pane, `watchdog.out` in a
 * log dir that may be full) must never fail the watchdog, so a write it refuses is dropped.
 */
function bestEffort(fd: 1 | 2): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      try {
        writeSync(fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch {
        // full disk, closed pipe, vanished terminal: the ledger and watchdog.log hold the record
      }
      done();
    },
  });
}

export function openWatchdogLog(
  logDir: string,
  options: { readonly pretty: 'stdout' | 'stderr' | 'none' },
): WatchdogLog {
  mkdirSync(logDir, { recursive: true });
  const file = pino.destination({
    dest: join(logDir, 'watchdog.log'),
    sync: true,
    mkdir: true,
    // A disk that refuses writes: lines wait in memory (up to this much, then new ones are
    // dropped) and go out once it takes them; without an error listener the write would throw.
    maxLength: 8 * 1024 * 1024,
  });
  let failing = false;
  file.on('error', (error: Error) => {
    if (failing) return;
    failing = true;
    process.stderr.write(
      `launch: cannot write watchdog.log (${error.message}); lines wait in memory\n`,
    );
  });
  file.on('write', () => {
    failing = false;
  });
  const streams: pino.StreamEntry[] = [{ stream: file }];
  if (options.pretty !== 'none') {
    const toStderr = options.pretty === 'stderr';
    streams.push({
      stream: pretty({
        colorize: toStderr ? process.stderr.isTTY : process.stdout.isTTY,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname',
        hideObject: true,
        sync: true,
        destination: bestEffort(toStderr ? 2 : 1),
      }),
    });
  }
  const logger = pino(
    { base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
  return { logger, reopen: () => file.reopen() };
}
