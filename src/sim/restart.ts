// What a sim process starts from (fresh, or where a rebooted one left off) and what it saves so a
// reboot goes on instead of replaying the script.
import type { Progress, SimContext, SimModel } from './model.js';

/** The first model of a process: a fresh start, or a restart that goes on where progress says. */
export function initialModel(ctx: SimContext, progress: Progress | null, now: number): SimModel {
  const same = progress !== null && progress.phaseId === ctx.phaseId;
  return {
    readyAt: now + (ctx.quirks.readyDelayMs ?? 0),
    ready: false,
    stepIndex: same ? Math.min(progress.stepIndex, ctx.steps.length) : 0,
    activity: { kind: 'starting' },
    busySince: null,
    pending: same ? progress.pending : [],
    transcript: [],
    boots: same ? progress.boots + 1 : 1,
    resume: same ? { limitResetAt: progress.limitResetAt, waitUntil: progress.waitUntil } : null,
    idleNotifyAt: null,
  };
}

/**
 * The conversation a start reports in its hooks: a restart that goes on in the same phase (the
 * session resumed) keeps the saved one (SessionStart source "resume"); any other start is a new
 * conversation ("startup"), as a freshly started Claude Code is.
 */
export function conversationFor(
  progress: Progress | null,
  phaseId: string,
  newId: () => string,
): { readonly id: string; readonly source: 'startup' | 'resume' } {
  const saved =
    progress !== null && progress.phaseId === phaseId ? progress.conversationId : undefined;
  return saved === undefined ? { id: newId(), source: 'startup' } : { id: saved, source: 'resume' };
}

/** The position a restart should go on from: steps only a reboot ends count as done. */
export function progressOf(model: SimModel, ctx: SimContext): Progress {
  const { activity } = model;
  const doneOnEntry =
    activity.kind === 'idle' || activity.kind === 'fatal' || activity.kind === 'exiting';
  return {
    phaseId: ctx.phaseId,
    stepIndex: model.stepIndex + (doneOnEntry ? 1 : 0),
    pending: model.pending,
    boots: model.boots,
    limitResetAt: activity.kind === 'limited' ? activity.resetAt : null,
    waitUntil: activity.kind === 'declared-wait' ? activity.until : null,
    conversationId: ctx.conversationId,
  };
}
