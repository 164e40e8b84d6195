// Typing the answer to a prompt that waits for a person, and knowing it arrived. Menus (numbered
// options) take the option's digit: Claude Code 2.1.197's Select confirms on the digit alone (its
// bundle: `/^[0-9]$/.test(key)` → `onChange(options[n-1])`, no Enter; seen in a captured run: "1"
// at the trust dialog opened the next screen). Clients whose digit only moves the cursor (Codex's
// sign-in "Press enter to continue", Gemini's radio list) still show the same prompt after it, so
// Enter follows only then. Free text (an input prompt, a y/n question) is typed and submitted.
// Delivered = the prompt left the screen or another question replaced it; never a silent success.
import type { Tmux } from '../adapters/tmux.js';
import type { PromptReading } from '../screen/prompt.js';
import type { Dialect } from '../screen/types.js';

export type AnswerDelivery =
  | { readonly kind: 'answered'; readonly keys: string; readonly after: string }
  | { readonly kind: 'not-answered'; readonly keys: string; readonly detail: string };

export interface AnswerOptions {
  /** How long the screen is watched after each key for the prompt to go (ms). */
  readonly settleMs?: number;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const same = (a: PromptReading | null, b: PromptReading | null): boolean =>
  a !== null &&
  b !== null &&
  a.kind === b.kind &&
  a.question === b.question &&
  a.options.join('\n') === b.options.join('\n');

/** The option an answer picks (1-based), or null when it is free text. */
export function optionNumber(answer: string, options: readonly string[]): number | null {
  const trimmed = answer.trim();
  if (/^\d{1,2}$/.test(trimmed)) {
    const n = Number(trimmed);
    return n >= 1 && n <= options.length ? n : null;
  }
  // An option's label, as shown ("Yes, I trust this folder"), picks it too.
  const index = options.findIndex((label) => label.toLowerCase() === trimmed.toLowerCase());
  return index < 0 ? null : index + 1;
}

export async function answerPrompt(
  tmux: Tmux,
  session: string,
  dialect: Dialect,
  answer: string,
  options: AnswerOptions = {},
): Promise<AnswerDelivery> {
  const settleMs = options.settleMs ?? 4000;
  const pollMs = options.pollMs ?? 200;
  const sleep = options.sleep ?? defaultSleep;
  const read = async (): Promise<{ pane: string | null; prompt: PromptReading | null }> => {
    const pane = await tmux.capture(session);
    return { pane, prompt: pane === null ? null : dialect.prompt(pane) };
  };
  const before = await read();
  if (before.pane === null)
    return { kind: 'not-answered', keys: '', detail: `no session ${session}` };
  if (before.prompt === null)
    return {
      kind: 'not-answered',
      keys: '',
      detail: 'no prompt on screen any more: nothing typed',
    };

  /** Waits for the prompt to leave (or change); true when it did. */
  const gone = async (): Promise<{ left: boolean; after: string }> => {
    const until = Date.now() + settleMs;
    for (;;) {
      await sleep(pollMs);
      const now = await read();
      if (now.pane === null) return { left: true, after: 'the session ended' };
      if (!same(before.prompt, now.prompt))
        return {
          left: true,
          after:
            now.prompt === null ? 'the prompt left the screen' : `next: ${now.prompt.question}`,
        };
      if (Date.now() >= until) return { left: false, after: 'the same prompt is still shown' };
    }
  };

  const pick = optionNumber(answer, before.prompt.options);
  const keys: string[] = [];
  if (pick !== null) {
    const digit = String(pick);
    const typed = await tmux.sendLiteral(session, digit);
    keys.push(digit);
    if (!typed.ok) return { kind: 'not-answered', keys: digit, detail: 'tmux refused the key' };
  } else {
    if (before.prompt.options.length > 0 && /^\d+$/.test(answer.trim()))
      return {
        kind: 'not-answered',
        keys: '',
        detail: `no option ${answer.trim()} (options 1-${before.prompt.options.length}): nothing typed`,
      };
    const typed = await tmux.sendLiteral(session, answer);
    keys.push(answer);
    if (!typed.ok) return { kind: 'not-answered', keys: answer, detail: 'tmux refused the text' };
  }
  let result = await gone();
  if (!result.left) {
    // The key only moved the cursor or filled the input: Enter confirms it.
    await tmux.sendKeys(session, [dialect.submitKey]);
    keys.push(dialect.submitKey);
    result = await gone();
  }
  const shown = keys.join(' + ');
  return result.left
    ? { kind: 'answered', keys: shown, after: result.after }
    : { kind: 'not-answered', keys: shown, detail: result.after };
}
