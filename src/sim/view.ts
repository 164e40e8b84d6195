// What the screen shows for a model at a given moment (the bridge from runner state to renderer),
// in the role's screen style: Claude-Code-like, another client's look (`--look`), or one no
// dialect knows.
import type { InputState } from './input-line.js';
import type { SimContext, SimModel } from './model.js';
import { promptRows } from './prompt-texts.js';
import { renderScreen, wrapText, type ScreenSize, type ScreenView } from './screen.js';
import { statusLine } from './texts.js';
import { renderLook } from './looks.js';
import { renderUnknownScreen } from './unknown-screen.js';

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

/** The screen's rows for the model now, in the context's screen style. */
export function frameOf(
  model: SimModel,
  ctx: SimContext,
  input: InputState,
  now: number,
  size: ScreenSize,
): string[] {
  if (ctx.screen === 'unknown')
    return renderUnknownScreen(
      {
        title: `sim agent (${ctx.role}, phase ${ctx.phaseId})`,
        transcript: model.transcript,
        busySeconds: model.busySince === null ? null : (now - model.busySince) / 1000,
        input: model.ready ? input.text : null,
      },
      size,
    );
  const look = ctx.look ?? 'claude';
  if (look !== 'claude') {
    const prompt = model.activity.kind === 'prompt' ? model.activity.prompt : null;
    return renderLook(
      look,
      {
        title: `launch sim · ${ctx.role} · phase ${ctx.phaseId}`,
        transcript: model.transcript,
        busySeconds: model.busySince === null ? null : (now - model.busySince) / 1000,
        input: model.ready && prompt === null ? input.text : null,
        prompt,
      },
      size,
    );
  }
  if (model.activity.kind === 'prompt') {
    // The dialog takes the input box's place, as Claude Code draws it.
    const view = { ...viewOf(model, ctx, input, now), input: null };
    const rows = renderScreen(view, { ...size, height: Math.max(1, size.height - 12) });
    const dialog = promptRows(model.activity.prompt, size.width).flatMap((row) =>
      wrapText(row, Math.max(10, size.width)),
    );
    return [...rows, ...dialog].slice(-size.height);
  }
  return renderScreen(viewOf(model, ctx, input, now), size);
}
