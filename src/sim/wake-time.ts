// When the runner next needs a tick without any input: one timer at most, none while idle.
import { unreachable } from '../util/result.js';
import type { SimModel } from './model.js';

/** The next instant something changes without input: a deadline, or the busy clock's next second. */
export function nextWakeAt(model: SimModel, now: number): number | null {
  const candidates: number[] = [];
  const { activity } = model;
  switch (activity.kind) {
    case 'starting':
      candidates.push(model.readyAt);
      break;
    case 'working':
    case 'resuming':
    case 'declared-wait':
      candidates.push(activity.until);
      break;
    case 'waiting':
      if (activity.deadline !== null) candidates.push(activity.deadline);
      break;
    case 'git':
    case 'limited':
    case 'idle':
    case 'fatal':
    case 'prompt':
    case 'exiting':
    case 'finished':
    case 'resumed':
      break;
    default:
      unreachable(activity);
  }
  if (model.idleNotifyAt !== null) candidates.push(model.idleNotifyAt);
  if (model.busySince !== null) {
    // The status line counts whole seconds: redraw when the counter next changes.
    const elapsed = Math.max(0, now - model.busySince);
    candidates.push(model.busySince + (Math.floor(elapsed / 1000) + 1) * 1000);
  }
  return candidates.length === 0 ? null : Math.min(...candidates);
}
