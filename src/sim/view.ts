// What the screen shows for a model at a given moment (the bridge from runner state to renderer).
import type { InputState } from './input-line.js';
import type { SimContext, SimModel } from './model.js';
import type { ScreenView } from './screen.js';
import { statusLine } from './texts.js';

export function viewOf(
  model: SimModel,
  ctx: SimContext,
  input: InputState,
  now: number,
): ScreenView {
  return {
    title: `launch sim · ${ctx.role} · phase ${ctx.phaseId}`,
    transcript: model.transcript,
    status: model.busySince === null ? null : statusLine((now - model.busySince) / 1000),
    input: model.ready ? input.text : null,
  };
}
