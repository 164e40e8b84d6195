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
    boots: same ? progress.boots + 1 : 1,
    resume: same ? { limitResetAt: progress.limitResetAt, waitUntil: progress.waitUntil } : null,
    idleNotifyAt: null,
    // A resumed conversation goes on from its screen and its turn count; a new one starts blank.
    ...(ctx.resumed === null
      ? { transcript: [], turns: 0 }
      : { transcript: ctx.resumed.transcript, turns: ctx.resumed.turns }),
  };
}

/**
 * The conversation a start reports in its hooks, as Claude Code does: `--resume <id>` of a
 * conversation it has keeps that id (SessionStart source "resume"); any other start is a new
 * conversation ("startup"). Its place in the script is the work done, kept either way (progress).
 */
export function conversationFor(
  resumeId: string | null,
  newId: () => string,
): { readonly id: string; readonly source: 'startup' | 'resume' } {
  return resumeId === null
    ? { id: newId(), source: 'startup' }
    : { id: resumeId, source: 'resume' };
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
