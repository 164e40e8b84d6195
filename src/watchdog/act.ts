// act: carries out decide's actions through the adapters and reports each outcome as data. The one
// judgement made here is the last-moment re-check before a kill: a session found working or limited
// when its restart comes up is left alone (a healthy session is never rebooted mid-turn).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tmux } from '../adapters/tmux.js';
import { deliver, describeDelivery, submitTyped, type Delivery } from '../agents/deliver.js';
import { backendFor } from '../agents/registry.js';
import { startAgent } from '../agents/start-agent.js';
import type { Settings } from '../config/fields.js';
import { sessionName } from '../config/roles.js';
import type { Phase } from '../phases/phase.js';
import type { Dialect } from '../screen/types.js';
import { unreachable } from '../util/result.js';
import { shortMatched } from './rules/session.js';
import type { Action, Outcome } from './types.js';

import { SEQUENCE_COMPLETE_FILE } from './run-files.js';
export { SEQUENCE_COMPLETE_FILE };

export interface ActContext {
  readonly tmux: Tmux;
  readonly dialect: Dialect;
  readonly settings: Settings;
  readonly phases: readonly Phase[];
  readonly zone: string;
  readonly now: () => number;
}

export function sequenceCompleteText(phaseIds: readonly string[], at: Date): string {
  return `launch: phase sequence complete at ${at.toISOString()}\nphases: ${phaseIds.join(' ')}\nagents stopped; the whole sequence is finished.\n`;
}

async function typeInto(
  context: ActContext,
  action: Extract<Action, { kind: 'type' | 'submit' }>,
): Promise<Outcome> {
  const session = sessionName(context.settings, action.role);
  const target = {
    dialect: context.dialect,
    clearInputKeys: backendFor(context.settings.backend).clearInputKeys,
  };
  const delivery: Delivery =
    action.kind === 'submit'
      ? await submitTyped(context.tmux, session, action.text, target)
      : await deliver(context.tmux, session, action.text, target);
  return {
    kind: 'typed',
    role: action.role,
    purpose: action.purpose,
    key: action.key,
    delivered: delivery.kind === 'delivered',
    detail: describeDelivery(delivery),
  };
}

async function restart(
  context: ActContext,
  action: Extract<Action, { kind: 'restart-session' }>,
): Promise<Outcome> {
  const session = sessionName(context.settings, action.role);
  const pane = await context.tmux.capture(session);
  if (pane !== null) {
    const reading = context.dialect.classify(pane, {
      now: new Date(context.now()),
      zone: context.zone,
    });
    if (reading.active || reading.limited)
      return {
        kind: 'restart-skipped',
        role: action.role,
        because: reading.active ? 'working' : 'limited',
        matched: shortMatched(reading.matched),
      };
  }
  return start(context, action);
}

async function start(
  context: ActContext,
  action: Extract<Action, { kind: 'start-session' | 'restart-session' }>,
): Promise<Outcome> {
  const started = await startAgent(
    {
      tmux: context.tmux,
      settings: context.settings,
      phases: context.phases,
      dialect: context.dialect,
    },
    action.role,
    action.phaseIndex,
  );
  const base = {
    kind: 'started' as const,
    role: action.role,
    reason: action.reason,
    why: action.why,
    matched: action.matched,
  };
  if (!started.ok) return { ...base, ok: false, detail: started.error };
  const typed = started.value.typedKickoff;
  return {
    ...base,
    ok: true,
    detail: typed ? `kickoff ${describeDelivery(typed)}` : `kickoff ${started.value.kickoffFile}`,
  };
}

export async function act(context: ActContext, actions: readonly Action[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const action of actions) {
    switch (action.kind) {
      case 'start-session':
        outcomes.push(await start(context, action));
        break;
      case 'restart-session':
        outcomes.push(await restart(context, action));
        break;
      case 'stop-session':
        await context.tmux.killSession(sessionName(context.settings, action.role));
        break;
      case 'type':
      case 'submit':
        outcomes.push(await typeInto(context, action));
        break;
      case 'write-sequence-complete':
        writeFileSync(
          join(context.settings.logDir, SEQUENCE_COMPLETE_FILE),
          sequenceCompleteText(action.phaseIds, new Date(context.now())),
        );
        break;
      case 'exit':
        break;
      default:
        unreachable(action);
    }
  }
  return outcomes;
}
