// Running it for weeks, end to end (sim agents, private tmux, real git): a scripted run notifies a
// webhook receiver on 127.0.0.1 and NOTIFY_COMMAND with the expected documents while its logs rotate
// under it without restarting an agent; a receiver that hangs never delays a tick by the timeout,
// as the --metrics line (one per heavy tick) shows, and cannot hold up the watchdog's exit.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rotationSet } from '../../src/adapters/log-rotation.js';
import type { NotifyDocument } from '../../src/notify/document.js';
import type { MetricsLine } from '../../src/watchdog/metrics.js';
import type { LedgerEvent } from '../../src/watchdog/types.js';
import { startReceiver, type Receiver } from '../helpers/http-receiver.js';
import { makeRig, ofType } from '../helpers/launch-rig.js';
import { spawnLaunch } from '../helpers/run-launch.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A receiver that answers 200 (`ok`), or never answers the first two requests and then answers 500
 * to every other (`hang-then-500`).
 */
async function receiver(mode: 'ok' | 'hang-then-500'): Promise<Receiver> {
  const started = await startReceiver(() => undefined);
  started.handler = (_request, _body, response) => {
    if (mode === 'ok') response.writeHead(200).end();
    else if (started.bodies.length > 2) response.writeHead(500).end();
  };
  return started;
}

/** Sets keys of the rig's launch.config.json (the notifier settings are not rig options). */
function addToConfig(plan: string, values: Record<string, unknown>): void {
  const config = join(plan, 'launch.config.json');
  writeFileSync(
    config,
    JSON.stringify({ ...(JSON.parse(readFileSync(config, 'utf8')) as object), ...values }),
  );
}

const documents = (bodies: readonly string[]): NotifyDocument[] =>
  bodies.map((body) => JSON.parse(body) as NotifyDocument);

describe('running it for weeks, end to end', () => {
  it('notifies a webhook and a command about a scripted run while its logs rotate', async () => {
    const hook = await receiver('ok');
    const rig = await makeRig({
      phases: ['p1'],
      script: {
        builder: {
          steps: [
            { do: 'work', seconds: 1, note: 'building' },
            { do: 'limit', resetSeconds: 4 },
            { do: 'work', seconds: 1, note: 'after the limit' },
            { do: 'done' },
          ],
        },
        adversary: { steps: [{ do: 'declare-wait', seconds: 600 }] },
      },
      config: {
        notifyWebhook: 'http://127.0.0.1:1/replaced-below',
        // 1 KB: the ledger and the panes' logs rotate several times in this short run.
        logMaxMb: 1 / 1024,
        logKeep: 50,
      },
    });
    const recorded = join(rig.root, 'command-stdin.jsonl');
    const script = join(rig.root, 'record stdin.mjs');
    writeFileSync(
      script,
      `import { appendFileSync, readFileSync } from 'node:fs';
appendFileSync(process.argv[2], readFileSync(0, 'utf8'));`,
    );
    addToConfig(rig.plan, {
      notifyWebhook: hook.url,
      notifyCommand: [process.execPath, script, recorded],
    });
    try {
      const start = await rig.launch(['start']);
      expect(start.exitCode, start.stderr).toBe(0);
      await rig.waitForEvent(
        'the sequence completes',
        (e) => e.type === 'sequence-complete',
        90_000,
      );
      await rig.waitForEvent('the watchdog exits', (e) => e.type === 'watchdog-stopped');
      const expected = [
        'watchdog-started',
        'limit-armed',
        'limit-lifted',
        'sequence-complete',
        'watchdog-stopped',
      ];
      await waitFor('the last notification', () =>
        documents(hook.bodies).some((doc) => doc.kind === 'watchdog-stopped'),
      );
      const sent = documents(hook.bodies);
      // Nothing else went wrong in this run, so these are all there is, in order.
      expect(sent.map((doc) => doc.kind)).toEqual(expected);
      expect(sent.every((doc) => doc.source === 'launch' && doc.prefix === rig.prefix)).toBe(true);
      expect(sent[1]).toMatchObject({
        role: 'builder',
        event: { type: 'limit-armed', role: 'builder' },
      });
      expect(sent[1]?.event.matched).toMatch(/usage limit/i);
      expect(sent[3]?.text).toMatch(/sequence-complete — last phase p1 DONE/);

      await waitFor('the command got every document', () =>
        existsSync(recorded)
          ? readFileSync(recorded, 'utf8').trim().split('\n').length === expected.length
          : false,
      );
      const viaCommand = readFileSync(recorded, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as NotifyDocument);
      expect(viaCommand.map((doc) => doc.kind)).toEqual(expected);

      // The logs rotated under the run; no agent was restarted for it; kickoff and state stayed.
      const events = rig.events();
      const rotated = ofType(events, 'log-rotated').map((event) => event.file);
      expect(rotated).toContain('events.jsonl');
      expect(rotated).toContain(`${rig.session('builder')}.log`);
      expect(ofType(events, 'session-restarted')).toEqual([]);
      expect(ofType(events, 'log-rotation-failed')).toEqual([]);
      expect(rotationSet(join(rig.logDir, 'events.jsonl')).length).toBeGreaterThan(1);
      expect(existsSync(join(rig.logDir, `.kickoff-${rig.session('builder')}.txt`))).toBe(true);
      expect(existsSync(join(rig.logDir, 'state.json'))).toBe(true);
      // The whole story is still there for people, across the rotated ledgers.
      const story = await rig.launch(['events', '--json', '--since', '1h']);
      const told = story.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as LedgerEvent).type);
      // from the very first line: `launch start`'s handoff baseline, before the watchdog started
      expect(told.slice(0, 2)).toEqual(['handoff-baseline', 'watchdog-started']);
      expect(told).toEqual(events.map((event) => event.type));
    } finally {
      await rig.dispose();
    }
  }, 180_000);

  it('keeps ticking while the webhook hangs or fails, prints a health line per heavy tick, exits in bounded time', async () => {
    const hook = await receiver('hang-then-500');
    const rig = await makeRig({
      script: {
        builder: { steps: [{ do: 'declare-wait', seconds: 600 }] },
        adversary: { steps: [{ do: 'declare-wait', seconds: 600 }] },
      },
      config: {
        notifyWebhook: 'http://127.0.0.1:1/replaced-below',
        notifyTimeout: 3,
        notifyRetries: 2,
        watchInterval: 0.5,
      },
    });
    addToConfig(rig.plan, { notifyWebhook: hook.url });
    // The watchdog alone, in the foreground: it starts the missing agents itself.
    const watchdog = spawnLaunch(['watchdog', '--metrics'], { cwd: rig.plan, env: rig.env });
    let stdout = '';
    let stderr = '';
    watchdog.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    watchdog.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const lines = (): MetricsLine[] =>
      stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as MetricsLine);
    try {
      await rig.waitForEvent(
        'both agents started by the watchdog',
        () => ofType(rig.events(), 'session-restarted').length >= 2,
      );
      // Three notifications (started, two reboots) queue on a receiver that hangs twice (3 s
      // timeout each) and then answers 500; the ticks must not wait for any of it.
      await waitFor('two hangs, then 500s', () => hook.bodies.length >= 5, {
        timeoutMs: 60_000,
        describe: () => `requests: ${hook.bodies.length}\nstderr:\n${stderr.slice(-2000)}`,
      });
      await waitFor('12 health lines', () => lines().length >= 12, {
        timeoutMs: 60_000,
        describe: () => `stdout:\n${stdout}\nstderr:\n${stderr.slice(-2000)}`,
      });
      await waitFor('the failing webhook is logged', () =>
        ofType(rig.events(), 'notify-failed').length > 0 ? true : undefined,
      );
      const times = lines().map((line) => Date.parse(line.ts));
      const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time));
      // Heavy ticks come every 0.5 s plus the tick's own work (starting two agents, on a loaded
      // machine); a tick held up by the notifier would take at least the 3 s timeout.
      expect(Math.max(...gaps)).toBeLessThan(3_000);
      const last = lines().at(-1);
      expect(last).toMatchObject({
        phase: { id: 'p1', index: 0, total: 2, sequenceComplete: false },
        paused: false,
        sessions: {
          builder: { state: expect.any(String) as string },
          adversary: { state: expect.any(String) as string },
        },
      });
      expect(last?.counts.reboots).toBe(2);
      // Once per failure streak, however many notifications fail.
      expect(ofType(rig.events(), 'notify-failed')).toHaveLength(1);
      expect(ofType(rig.events(), 'notify-failed')[0]?.reason).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/… (did not answer within 3s|answered HTTP 500); further failures/,
      );
      expect(stderr).toMatch(/INFO: watchdog-started/); // the log went to stderr, stdout is JSON only

      const stopping = Date.now();
      watchdog.kill('SIGTERM');
      const exited = await watchdog;
      expect(exited.exitCode).toBe(0);
      // The tick finishes, then notifications in flight get the timeout (3 s), not 3 × 3 s + backoff.
      expect(Date.now() - stopping).toBeLessThan(8_000);
      expect(ofType(rig.events(), 'watchdog-stopped')).toHaveLength(1);
    } finally {
      if (watchdog.exitCode === null) watchdog.kill('SIGKILL');
      await watchdog;
      await rig.dispose();
    }
  }, 180_000);
});
