// The dashboard in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core)
// against the watchdog `launch start` runs. Load the page, enter the token, see the sessions and
// their panes, click pause and see the state change (and the watchdog's `paused` event arrive over
// the stream), reload without re-entering the token. The screenshot is kept in test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, haveChromium } from '../helpers/chromium.js';
import { startHttpRig, type HttpRig } from './http-rig.js';

if (!haveChromium)
  console.warn(
    `dashboard browser test skipped: ${CHROMIUM} is missing (install it with \`apt-get install -y chromium\`; .ci/run does)`,
  );

describe.skipIf(!haveChromium)('the dashboard in headless Chromium', { timeout: 90_000 }, () => {
  let h: HttpRig;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    h = await startHttpRig({
      builder: { steps: [{ do: 'declare-wait', seconds: 900 }] },
      adversary: { steps: [{ do: 'declare-wait', seconds: 900 }] },
    });
    // A fresh --user-data-dir per run: nothing carried over from another session.
    profile = mkdtempSync(join(tmpdir(), 'launch-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1400, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await h?.rig.dispose();
  }, 90_000);

  it('asks for the token, shows the sessions, pauses on a click, keeps the token for the tab', async () => {
    await page.goto(`${h.base}/`);
    await page.locator('#token-form').waitFor({ state: 'visible' });

    // A wrong token is refused and the form stays.
    await page.fill('#token-input', `${h.token}-wrong`);
    await page.click('#token-form button[type=submit]');
    await expect.poll(() => page.textContent('#token-error')).toMatch(/not accepted/);
    expect(await page.isVisible('#login')).toBe(true);
    problems.length = 0; // the 401 above is logged by the browser on purpose

    await page.fill('#token-input', h.token);
    await page.click('#token-form button[type=submit]');
    await page.locator('#login').waitFor({ state: 'hidden' });

    // The sessions with their states, and their panes.
    for (const role of ['builder', 'adversary']) {
      const card = page.locator(`.session[data-role="${role}"]`);
      await expect
        .poll(() => card.locator('.state').textContent())
        .toMatch(/^(idle|waiting|active)$/);
      await expect
        .poll(() => card.locator('pre').textContent(), { timeout: 20_000 })
        .toMatch(/WAITING-UNTIL/);
    }
    await expect.poll(() => page.textContent('#phase-line')).toMatch(/phase p1 \[1\/3\]/);
    await expect.poll(() => page.locator('#phases li.current').textContent()).toMatch(/p1/);
    await expect.poll(() => page.locator('#connection').textContent()).toMatch(/live/);
    expect(await page.isVisible('#paused-banner')).toBe(false);

    // Pause: the button turns into Resume, the banner shows, the watchdog's event streams in.
    await page.click('#pause-button');
    await page.locator('#paused-banner').waitFor({ state: 'visible' });
    expect(await page.textContent('#pause-button')).toBe('Resume');
    expect(existsSync(join(h.rig.logDir, 'STOP'))).toBe(true);
    await page.locator('#events li[data-type="paused"]').first().waitFor({ timeout: 20_000 });

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    // The token was entered once: a reload in the same tab goes straight to the dashboard.
    await page.reload();
    await page.locator('.session[data-role="builder"]').waitFor();
    expect(await page.isVisible('#login')).toBe(false);
    await page.locator('#paused-banner').waitFor({ state: 'visible' });

    // Resume from the page, and leave the run as it was.
    await page.click('#pause-button');
    await page.locator('#paused-banner').waitFor({ state: 'hidden' });
    expect(existsSync(join(h.rig.logDir, 'STOP'))).toBe(false);
    await page.locator('#events li[data-type="resumed"]').first().waitFor({ timeout: 20_000 });
    expect(problems).toEqual([]);
  });
});
