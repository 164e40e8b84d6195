// The settings for running it for weeks: notifications and log limits, from the environment and
// the config file, with errors that name the variable; run settings from an older launch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, RUN_SETTINGS_FILE } from '../../src/config/resolve.js';
import { tempDir } from '../helpers/temp-dir.js';

const load = (env: Record<string, string>, cwd = '/') => loadSettings({ cwd, env });

describe('notification and log settings', () => {
  it('have defaults: notify on everything, 10 s timeout, 2 retries, 50 MB logs keeping 3', () => {
    const loaded = load({});
    expect(loaded.ok && loaded.value.settings).toMatchObject({
      notifyWebhook: null,
      notifyCommand: null,
      notifyOn: ['all'],
      notifyTimeout: 10,
      notifyRetries: 2,
      logMaxMb: 50,
      logKeep: 3,
    });
  });

  it('read the environment: a URL, an argv split without a shell, a comma list', () => {
    const loaded = load({
      NOTIFY_WEBHOOK: 'https://hooks.example.com/T0/B0/x',
      NOTIFY_COMMAND: `/usr/local/bin/page-me --title 'launch says' "$HOME"`,
      NOTIFY_ON: ' phase-done, limit-armed ,watchdog-stopped',
      NOTIFY_RETRIES: '0',
      LOG_MAX_MB: '0.5',
      LOG_KEEP: '7',
    });
    expect(loaded.ok && loaded.value.settings).toMatchObject({
      notifyWebhook: 'https://hooks.example.com/T0/B0/x',
      notifyCommand: ['/usr/local/bin/page-me', '--title', 'launch says', '$HOME'],
      notifyOn: ['phase-done', 'limit-armed', 'watchdog-stopped'],
      notifyRetries: 0,
      logMaxMb: 0.5,
      logKeep: 7,
    });
  });

  it.each([
    [
      { NOTIFY_WEBHOOK: 'ftp://x' },
      'NOTIFY_WEBHOOK must be an http:// or https:// URL, got "ftp://x"',
    ],
    [
      { NOTIFY_COMMAND: 'notify-send hi; rm -rf /' },
      'NOTIFY_COMMAND must be a command and its arguments without shell operators (; | & $( ) # < >), got "notify-send hi; rm -rf /"',
    ],
    [
      { NOTIFY_ON: 'phase-done,limit' },
      'NOTIFY_ON must be a comma list of phase-done, sequence-complete, limit-armed, limit-lifted, session-rebooted, backoff-entered, message-not-delivered, watchdog-started, watchdog-stopped, log-dir-unwritable, log-dir-recovered (or all), got "phase-done,limit"',
    ],
    [{ NOTIFY_RETRIES: '-1' }, 'NOTIFY_RETRIES must be a whole number (0 or more), got "-1"'],
    [{ LOG_MAX_MB: '0' }, 'LOG_MAX_MB must be a positive number of megabytes, got "0"'],
    [{ LOG_KEEP: '1.5' }, 'LOG_KEEP must be a positive whole number, got "1.5"'],
  ])('%j is refused with a sentence naming the variable', (env, message) => {
    const loaded = load(env);
    expect(loaded.ok ? [] : loaded.error).toEqual([message]);
  });

  it('take the config file’s list shapes', () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'launch.config.json'),
      JSON.stringify({ notifyCommand: ['notify-send', 'launch'], notifyOn: ['all'] }),
    );
    const loaded = loadSettings({ cwd, env: {} });
    expect(loaded.ok && loaded.value.settings.notifyCommand).toEqual(['notify-send', 'launch']);
  });

  it('are filled with defaults in run settings saved by an older launch, instead of discarding them', () => {
    const cwd = tempDir();
    const first = loadSettings({ cwd, env: { LOOP_BACKEND: 'sim' } });
    if (!first.ok) throw new Error(first.error.join('\n'));
    const {
      notifyWebhook: _a,
      notifyCommand: _b,
      notifyOn: _c,
      notifyTimeout: _d,
      notifyRetries: _e,
      logMaxMb: _f,
      logKeep: _g,
      ...older
    } = first.value.settings;
    mkdirSync(older.logDir, { recursive: true });
    writeFileSync(join(older.logDir, RUN_SETTINGS_FILE), JSON.stringify(older));
    const later = loadSettings({ cwd, env: {}, usePersisted: 'only' });
    expect(later.ok && later.value).toMatchObject({
      fromRun: true,
      settings: { backend: 'sim', logMaxMb: 50, notifyOn: ['all'] },
    });
  });
});
