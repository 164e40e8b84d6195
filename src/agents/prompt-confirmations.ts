// The agents' prompt-submitted signals (<log-dir>/signals/<session>.jsonl, read by the signals
// observer) behind the DeliveryConfirmations interface delivery uses to confirm typing it cannot
// see land (a screen whose input box no dialect finds).
import { promptSubmittedSince } from '../evidence/signals.js';
import type { DeliveryConfirmations } from './deliver.js';

/** Confirmations read from the signals files under `logDir`. */
export function fileConfirmations(logDir: string): DeliveryConfirmations {
  return {
    promptSubmittedSince: (session, sinceMs) => promptSubmittedSince(logDir, session, sinceMs),
  };
}
