// The dashboard never lies, in real Chromium against the watchdog `launch start` runs: the link from
// `launch status --url` signs in once (its code then refused, as is an expired one) and leaves the
// address bar; events read as `launch events` prints them; after `launch stop` the open page says
// "watchdog stopped … by launch stop", greys the cards and keeps every event; `launch dashboard`
// serves the stopped run read-only (POSTs refused); the end of the sequence is said in words too;
// a server that vanishes (kill -9) is "connection lost — watchdog not answering".
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, haveChromium } from '../helpers/chromium.js';
import { issueLoginCode } from '../../src/http/login-code.js';
import type { SimScript } from '../../src/sim/script-schema.js';
import { killSupervisor } from '../helpers/launch-rig.js';
import { spawnLaunch } from '../helpers/run-launch.js';
import { waitFor } from '../helpers/wait-for.js';
import { send } from './http-client.js';
import { startHttpRig, type HttpRig } from './http-rig.js';

const waiting = (): SimScript['builder'] => ({ steps: [{ do: 'declare-wait', seconds: 900 }] });

async function browser(): Promise<{
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'launch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The link `launch status --url` prints (its first line). */
async function statusLink(h: HttpRig): Promise<string> {
  const result = await h.rig.launch(['status', '--url']);
  expect(result.exitCode, result.stderr).toBe(0);
  const link = result.stdout.split('\n')[0] ?? '';
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#login=[A-Za-z0-9_-]+$/);
  expect(result.stdout).toMatch(/works once, for 5 minutes/);
  return link;
}

const postLogin = (base: string, code: string) =>
  send(base, {
    path: '/api/login',
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });

describe.skipIf(!haveChromium)('the dashboard when the run ends', { timeout: 180_000 }, () => {
  let h: HttpRig;
  let b: Awaited<ReturnType<typeof browser>>;

  beforeAll(async () => {
    h = await startHttpRig({ builder: waiting(), adversary: waiting() });
    b = await browser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await h?.rig.dispose();
  }, 90_000);

  it('signs in with the one-time link, once; an expired code is refused', async () => {
    const link = await statusLink(h);
    const code = new URL(link).hash.replace('#login=', '');
    await b.page.goto(link);
    await b.page.locator('.session[data-role="builder"]').waitFor({ timeout: 30_000 });
    expect(await b.page.isVisible('#login')).toBe(false);
    // The code left the address bar (and so the history) at once.
    expect(b.page.url()).not.toContain('login=');
    expect(b.page.url()).toBe(`${h.base}/`);

    const again = await postLogin(h.base, code);
    expect(again.status).toBe(401);
    expect(String((again.json as { error: string }).error)).toMatch(/used already/);

    const stale = issueLoginCode(h.rig.logDir, new Date(Date.now() - 10 * 60_000));
    const expired = await postLogin(h.base, stale);
    expect(expired.status).toBe(401);
    expect(String((expired.json as { error: string }).error)).toMatch(/expired/);

    const good = await postLogin(h.base, issueLoginCode(h.rig.logDir, new Date()));
    expect(good.status).toBe(200);
    expect((good.json as { token: string }).token).toBe(h.token);

    // While the watchdog serves, `launch dashboard` points at the live page instead.
    const live = await h.rig.launch(['dashboard', '--port', '0']);
    expect(live.exitCode, live.stderr).toBe(0);
    expect(live.stdout).toMatch(
      new RegExp(`^the watchdog \\(pid \\d+\\) serves the live dashboard:\n${h.base}/#login=`),
    );

    // A used link opened again in a fresh tab says why, in the sign-in form.
    const other = await b.context.newPage();
    await other.goto(link);
    await expect.poll(() => other.textContent('#token-error')).toMatch(/used already/);
    await other.close();
  });

  it('words events as the CLI does, with 24-hour times and relative times', async () => {
    const started = b.page.locator('#events li[data-type="watchdog-started"]').first();
    await started.waitFor();
    expect(await started.locator('.time').textContent()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(await started.locator('.ago').textContent()).toMatch(
      /^(just now|\d+ s ago|\d+ min ago)$/,
    );
    expect(await started.locator('.label').textContent()).toBe('watchdog-started');
    expect(await started.locator('.detail').textContent()).toMatch(/phase p1, pid \d+/);
    expect(await started.locator('.time').getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('after `launch stop`, says so at the top, greys the cards and keeps every event', async () => {
    const before = await b.page.locator('#events li').count();
    expect(before).toBeGreaterThan(2);
    const stopped = await h.rig.launch(['stop'], 60_000);
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    const stop = h.rig.events().find((event) => event.type === 'watchdog-stopped');
    expect(stop?.requestedBy).toBe('launch stop');

    const banner = b.page.locator('#ended');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    await expect
      .poll(() => banner.textContent())
      .toMatch(/^watchdog stopped (just now|\d+ s ago): by launch stop/);
    await b.page.locator('#events li[data-type="watchdog-stopped"]').waitFor();
    expect(await b.page.locator('#events li').count()).toBeGreaterThan(before);
    expect(await b.page.getAttribute('body', 'data-ended')).toBe('true');
    const card = b.page.locator('.session[data-role="builder"]');
    // Greyed by the page's stylesheet (body[data-ended] .session), as the browser computes it.
    // (a string: this project's TypeScript has no DOM types)
    const opacity: unknown = await b.page.evaluate(
      `getComputedStyle(document.querySelector('.session[data-role="builder"]')).opacity`,
    );
    expect(Number(opacity)).toBeLessThan(1);
    expect(await card.locator('button.restart').isDisabled()).toBe(true);
    // The last state stays readable.
    expect(await card.locator('.state').textContent()).toMatch(/\w+/);
    expect(await b.page.textContent('#phase-line')).toMatch(/phase p1 \[1\/3\]/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await b.page.screenshot({ path: join(ARTIFACTS, 'dashboard-stopped.png'), fullPage: true });
  });

  it('`launch dashboard` serves the stopped run read-only and refuses POSTs', async () => {
    const child = spawnLaunch(['dashboard', '--port', '0'], { cwd: h.rig.plan, env: h.rig.env });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    try {
      const link = await waitFor('launch dashboard prints its link', () =>
        /(http:\/\/127\.0\.0\.1:\d+\/)#login=\S+/.exec(out),
      );
      expect(out).toMatch(/read-only dashboard of .* \(no watchdog running\)/);
      const base = (link[1] ?? '').replace(/\/$/, '');
      const page = await b.context.newPage();
      await page.goto(link[0]);
      const banner = page.locator('#ended');
      await banner.waitFor({ state: 'visible', timeout: 30_000 });
      await expect.poll(() => banner.textContent()).toMatch(/watchdog stopped .*: by launch stop/);
      expect(await banner.textContent()).toMatch(/read-only/);
      await page.locator('#events li[data-type="watchdog-stopped"]').waitFor();
      await page.locator('#events li[data-type="watchdog-started"]').first().waitFor();
      expect(await page.locator('.session[data-role="builder"] button.restart').isDisabled()).toBe(
        true,
      );
      expect(await page.locator('#pause-button').isDisabled()).toBe(true);
      await page.close();

      const auth = { Authorization: `Bearer ${h.token}` };
      expect((await send(base, { path: '/api/status', headers: auth })).status).toBe(200);
      const refused = await send(base, {
        path: '/api/sessions/builder/restart',
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(refused.status).toBe(403);
      expect(String((refused.json as { error: string }).error)).toMatch(
        /^read-only: .*launch start --resume/,
      );
      const pause = await send(base, { path: '/api/pause', method: 'POST', headers: auth });
      expect(pause.status).toBe(403);
      expect(existsSync(join(h.rig.logDir, 'STOP'))).toBe(false);
    } finally {
      child.kill('SIGTERM');
      await child;
    }
  });
});

describe.skipIf(!haveChromium)(
  'the dashboard at the end of the sequence',
  { timeout: 180_000 },
  () => {
    it('says "watchdog stopped …: sequence complete" in the open page', async () => {
      const h = await startHttpRig({ builder: waiting(), adversary: waiting() }, ['p1']);
      const b = await browser();
      try {
        await b.page.goto(await statusLink(h));
        await b.page.locator('.session[data-role="builder"]').waitFor({ timeout: 30_000 });
        await expect.poll(() => b.page.locator('#connection').textContent()).toMatch(/live/);
        appendFileSync(join(h.rig.git.builder, 'STATUS-p1.md'), '## DONE p1\n');
        const banner = b.page.locator('#ended');
        await banner.waitFor({ state: 'visible', timeout: 60_000 });
        await expect
          .poll(() => banner.textContent())
          .toMatch(/^watchdog stopped .*: sequence complete/);
        const complete = b.page.locator('#events li[data-type="sequence-complete"]');
        await complete.waitFor();
        expect(await complete.locator('.detail').textContent()).toMatch(/last phase p1 DONE/);
        expect(await b.page.getAttribute('body', 'data-ended')).toBe('true');
      } finally {
        await b.close();
        await h.rig.dispose();
      }
    });
  },
);

describe.skipIf(!haveChromium)(
  'the dashboard when the server vanishes',
  { timeout: 180_000 },
  () => {
    it('says "connection lost — watchdog not answering" and keeps what it shows', async () => {
      const h = await startHttpRig({ builder: waiting(), adversary: waiting() }, ['p1']);
      const b = await browser();
      try {
        await b.page.goto(await statusLink(h));
        await b.page.locator('.session[data-role="builder"]').waitFor({ timeout: 30_000 });
        await expect.poll(() => b.page.locator('#connection').textContent()).toMatch(/live/);
        const shown = await b.page.locator('#events li').count();
        // kill -9 of the respawner and the watchdog: no last event, the server just goes.
        killSupervisor(h.rig.logDir);
        const banner = b.page.locator('#ended');
        await banner.waitFor({ state: 'visible', timeout: 30_000 });
        expect(await banner.textContent()).toMatch(/^connection lost — watchdog not answering/);
        expect(await b.page.getAttribute('body', 'data-ended')).toBe('true');
        expect(await b.page.locator('#events li').count()).toBe(shown);
        expect(await b.page.locator('.session[data-role="builder"] .state').textContent()).toMatch(
          /\w+/,
        );
      } finally {
        await b.close();
        await h.rig.dispose();
      }
    });
  },
);
