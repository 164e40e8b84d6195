// A stand-in watchdog for the build's code-cache warm-up (scripts/bundle-cli.mjs): it holds the
// scratch log dir's lock and answers status's socket with no panes, so the warm-up `launch status`
// takes the path it takes on a live run (the watchdog looks at the panes) and the status bundle's
// cache holds that path. "watchdog" is in its file name because a lock holder must look like one.
// It says `ready` on stdout and lives until its stdin closes.
import { mkdirSync } from 'node:fs';
import { acquireLock } from '../dist/adapters/watchdog-lock.js';
import { ok } from '../dist/util/result.js';
import { startStatusSocket } from '../dist/watchdog/status-socket.js';

const logDir = process.argv[2];
mkdirSync(logDir, { recursive: true });
const lock = acquireLock(logDir, new Date());
if (!lock.ok) process.exit(1);
const socket = await startStatusSocket(
  logDir,
  () => Promise.resolve(ok({ panes: [], screens: new Map(), calls: 1 })),
  () => undefined,
);
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  if (socket.ok) await socket.value.close();
  lock.value.release();
  process.exit(0);
});
