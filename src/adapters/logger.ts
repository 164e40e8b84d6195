// The watchdog's logger: JSON lines to <log-dir>/watchdog.log (what `launch logs watchdog` renders)
// and the same, pretty, on stdout for whoever watches its pane.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export function createWatchdogLogger(
  logDir: string,
  options: { readonly stdout: boolean },
): Logger {
  mkdirSync(logDir, { recursive: true });
  const streams: pino.StreamEntry[] = [
    { stream: pino.destination({ dest: join(logDir, 'watchdog.log'), sync: true, mkdir: true }) },
  ];
  if (options.stdout) {
    streams.push({
      stream: pretty({
        colorize: process.stdout.isTTY,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname',
        hideObject: true,
        sync: true,
      }),
    });
  }
  return pino(
    { base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
}
