// The needs-input dialogs of the Codex, Gemini and opencode looks, in each client's own words
// (Claude's are in prompt-texts.ts). A client without a dialog of some kind has no entry: a script
// that asks a look for one it lacks is refused when the sim starts.
import type { SimPromptKind } from './prompt-texts.js';

export interface LookPrompt {
  /** The client and version whose wording it imitates, and where the words are. */
  readonly imitates: string;
  /** Dialog lines above the options. */
  readonly lines: readonly string[];
  readonly options: readonly string[];
  /** The footer hint under the options, or null. */
  readonly hint: string | null;
}

export const LOOK_PROMPTS: Readonly<
  Record<'codex' | 'gemini' | 'opencode', Partial<Record<SimPromptKind, LookPrompt>>>
> = {
  codex: {
    // codex 0.171.0 binary @6857580 (the question) and @6858915 (the options of a command approval).
    permission: {
      imitates: 'codex 0.171.0',
      lines: ['Would you like to run the following command?', '', '$ rm -rf build'],
      options: [
        'Yes, just this once',
        "Yes, and don't ask again for this command in this session",
        'No, and tell Codex what to do differently',
      ],
      hint: null,
    },
    // Captured first screen of codex 0.171.0 (panes/codex/captured-sign-in.txt), without the logo.
    login: {
      imitates: 'codex 0.171.0',
      lines: [
        "Welcome to Codex, OpenAI's command-line coding agent",
        '',
        'Choose how you want to use Codex.',
      ],
      options: ['Sign in with ChatGPT', 'Sign in with Device Code', 'Sign in another way'],
      hint: 'Press enter to continue',
    },
  },
  gemini: {
    // Captured gemini 0.61.0 trust dialog (panes/gemini/captured-trust-folder.txt); the folder
    // names in brackets are the session's, here fixed ones.
    trust: {
      imitates: 'gemini 0.61.0',
      lines: [
        'Do you trust the files in this folder?',
        '',
        'Trusting a folder allows Gemini CLI to load its local configurations, including custom commands, hooks, MCP servers, agent skills, and settings. These configurations could execute code on your behalf or change the behavior of the CLI.',
      ],
      options: ['Trust folder (project)', 'Trust parent folder (work)', "Don't trust"],
      hint: null,
    },
  },
  opencode: {
    // opencode 1.18.33 binary @107010373 ("Permission required", "Allow once", "Allow always"), the
    // strip as panes/opencode/permission-dialog.txt shows it.
    permission: {
      imitates: 'opencode 1.18.33',
      lines: ['△ Permission required', '$ rm -rf build'],
      options: ['Allow once', 'Allow always', 'Reject'],
      hint: null,
    },
  },
};
