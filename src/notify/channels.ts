// The notifiers the settings ask for (NOTIFY_WEBHOOK, NOTIFY_COMMAND), as channels for the notifier.
import { hostname } from 'node:os';
import { runNotifyCommand } from '../adapters/notify-command.js';
import { postJson } from '../adapters/webhook.js';
import type { Settings } from '../config/fields.js';
import {
  createNotifier,
  type NotifierReport,
  type Notifier,
  type NotifyChannel,
} from './notifier.js';
import { selectedKinds } from './kinds.js';

const USER_AGENT = 'launch-watchdog';

type NotifySettings = Pick<
  Settings,
  | 'notifyWebhook'
  | 'notifyCommand'
  | 'notifyOn'
  | 'notifyTimeout'
  | 'notifyRetries'
  | 'sessionPrefix'
  | 'planDir'
>;

export function notifyChannels(settings: NotifySettings): NotifyChannel[] {
  const timeoutMs = settings.notifyTimeout * 1000;
  const channels: NotifyChannel[] = [];
  const webhook = settings.notifyWebhook;
  if (webhook) {
    channels.push({
      name: 'webhook',
      send: (document, signal) =>
        postJson(webhook, JSON.stringify(document), { timeoutMs, signal, userAgent: USER_AGENT }),
    });
  }
  const command = settings.notifyCommand;
  if (command && command.length > 0) {
    channels.push({
      name: 'command',
      send: (document, signal) =>
        runNotifyCommand(command, `${JSON.stringify(document)}\n`, {
          timeoutMs,
          signal,
          cwd: settings.planDir,
          env: {
            LAUNCH_NOTIFY_KIND: document.kind,
            LAUNCH_NOTIFY_TEXT: document.text,
            LAUNCH_NOTIFY_ROLE: document.role ?? '',
          },
        }),
    });
  }
  return channels;
}

export function notifierFor(
  settings: NotifySettings,
  options: {
    readonly now: () => number;
    readonly report: (report: NotifierReport) => void;
    readonly skipTypes?: ReadonlySet<string>;
  },
): Notifier {
  return createNotifier({
    channels: notifyChannels(settings),
    kinds: selectedKinds(settings.notifyOn),
    retries: settings.notifyRetries,
    run: { host: hostname(), prefix: settings.sessionPrefix, planDir: settings.planDir },
    now: options.now,
    report: options.report,
    skipTypes: options.skipTypes,
  });
}
