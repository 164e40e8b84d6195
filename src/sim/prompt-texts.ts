// The prompts the sim stops at, drawn with a real client's wording (Claude Code 2.1.197: from its
// bundle and captured screens, see test/fixtures/clients/TEXTS.md and panes/claude/captured-*).
// Like Claude Code's Select, a digit picks its option at once; Enter picks the one under the cursor.

export const SIM_PROMPT_KINDS = ['permission', 'trust', 'selection', 'login'] as const;
export type SimPromptKind = (typeof SIM_PROMPT_KINDS)[number];

export interface SimPrompt {
  /** The client and version whose wording it imitates. */
  readonly imitates: string;
  /** Dialog lines above the options. */
  readonly lines: readonly string[];
  readonly options: readonly string[];
  /** The footer hint under the options. */
  readonly hint: string;
}

export const SIM_PROMPTS: Readonly<Record<SimPromptKind, SimPrompt>> = {
  // bundle @242398017 (options) and @234470321 ("Do you want to proceed?").
  permission: {
    imitates: 'claude 2.1.197',
    lines: [
      ' Bash command',
      '',
      '   rm -rf build',
      '   Remove the build folder',
      '',
      ' Do you want to proceed?',
    ],
    options: [
      'Yes',
      "Yes, and don't ask again for rm commands in this project",
      'No, and tell Claude what to do differently (esc)',
    ],
    hint: ' Esc to cancel',
  },
  // captured: panes/claude/captured-trust-folder.txt.
  trust: {
    imitates: 'claude 2.1.197',
    lines: [
      ' Accessing workspace:',
      '',
      " Quick safety check: Is this a project you created or one you trust? (Like your own code, a well-known open source project, or work from your team). If not, take a moment to review what's in this folder first.",
      '',
      " Claude Code'll be able to read, edit, and execute files here.",
    ],
    options: ['Yes, I trust this folder', 'No, exit'],
    hint: ' Enter to confirm · Esc to cancel',
  },
  // bundle @238535663 ("What do you want to do?") and @238534875 (its options).
  selection: {
    imitates: 'claude 2.1.197',
    lines: [' What do you want to do?'],
    options: ['Stop and wait for limit to reset', 'Upgrade your plan'],
    hint: ' Enter to confirm · Esc to cancel',
  },
  // bundle @234231345 ("Select login method:" and its three options).
  login: {
    imitates: 'claude 2.1.197',
    lines: [' Select login method:'],
    options: [
      'Claude account with subscription · Pro, Max, Team, or Enterprise',
      'Anthropic Console account · API usage billing',
      '3rd-party platform · Amazon Bedrock, Microsoft Foundry, or Vertex AI',
    ],
    hint: ' Enter to confirm · Esc to cancel',
  },
};

/** The dialog as rows: a rule, its lines, the options (cursor on the first), the hint. */
export function promptRows(kind: SimPromptKind, width: number): string[] {
  const prompt = SIM_PROMPTS[kind];
  return [
    '─'.repeat(Math.max(20, width)),
    ...prompt.lines,
    '',
    ...prompt.options.map((label, i) => `${i === 0 ? ' ❯ ' : '   '}${i + 1}. ${label}`),
    '',
    prompt.hint,
  ];
}
