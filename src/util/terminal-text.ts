// Text from git, panes or the network made safe to show a person: terminal control sequences (CSI
// such as `ESC [ 2 J`, OSC such as `ESC ] 0 ; title BEL`, DCS/APC/PM strings, two-byte escapes) and
// every other C0/C1 control character removed, so a pushed commit subject cannot clear the
// operator's screen, retitle the terminal or forge a hyperlink. Linear patterns, no backtracking.

const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
/** OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \ or 0x9c), or the end of the text. */
const STRING_SEQUENCE =
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
const ESC_PAIR = /\u001b[ -~]?/g;
const CONTROL_KEEP_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export interface StripOptions {
  /** Keep line breaks (multi-line text such as a pane); otherwise they go too. Tabs become spaces. */
  readonly keepNewlines?: boolean;
}

/** `text` without terminal control sequences or control characters. */
export function stripTerminalControls(text: string, options: StripOptions = {}): string {
  const withoutSequences = text
    .replace(STRING_SEQUENCE, '')
    .replace(CSI, '')
    .replace(ESC_PAIR, '')
    .replace(/\t/g, ' ');
  return options.keepNewlines
    ? withoutSequences.replace(/\r\n?/g, '\n').replace(CONTROL_KEEP_LINES, '')
    : withoutSequences.replace(CONTROL, '');
}

/** Every string field of a ledger event (or any flat record) stripped; other values kept. */
export function stripRecordStrings<T extends Readonly<Record<string, unknown>>>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    out[key] =
      typeof value === 'string' ? stripTerminalControls(value, { keepNewlines: true }) : value;
  return out as T;
}
