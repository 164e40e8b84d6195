// The sim acting out Claude Code's hooks: reads the `hooks` of the --settings file launch gave it
// and runs each matching command the way Claude does (through `sh -c`, the JSON payload on stdin,
// in the session's directory), one after another so their lines keep the order of the events.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';

const commandHookSchema = z.looseObject({
  type: z.string(),
  command: z.string().optional(),
  timeout: z.number().positive().optional(),
});
const matcherSchema = z.looseObject({
  matcher: z.string().optional(),
  hooks: z.array(commandHookSchema),
});
const settingsSchema = z.looseObject({
  hooks: z.record(z.string(), z.array(matcherSchema)).optional(),
});

export interface HookCommand {
  readonly matcher: string | null;
  readonly command: string;
  readonly timeoutMs: number;
}
/** Hook commands by Claude Code event name. */
export type HookTable = Readonly<Record<string, readonly HookCommand[]>>;

/** Claude Code's default hook timeout (60 s). */
const DEFAULT_TIMEOUT_MS = 60_000;

export function loadHookTable(file: string): Result<HookTable, string> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    return err(`--settings ${file}: ${(cause as Error).message}`);
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success)
    return err(
      `--settings ${file}: not a settings file with "hooks" (${parsed.error.issues[0]?.message ?? ''})`,
    );
  const table: Record<string, HookCommand[]> = {};
  for (const [event, matchers] of Object.entries(parsed.data.hooks ?? {})) {
    table[event] = matchers.flatMap((entry) =>
      entry.hooks
        .filter((hook) => hook.type === 'command' && hook.command !== undefined)
        .map((hook) => ({
          matcher: entry.matcher ?? null,
          command: hook.command ?? '',
          timeoutMs: hook.timeout === undefined ? DEFAULT_TIMEOUT_MS : hook.timeout * 1000,
        })),
    );
  }
  return ok(table);
}

/** Claude's matcher: none, "" or "*" match every tool; otherwise a pattern on the tool's name. */
export function matches(matcher: string | null, toolName: string | undefined): boolean {
  if (matcher === null || matcher === '' || matcher === '*' || toolName === undefined) return true;
  try {
    return new RegExp(`^(?:${matcher})$`).test(toolName);
  } catch {
    return matcher === toolName;
  }
}

export interface HookRunner {
  /** Queues the event's hooks; they run in order, after those queued before. */
  run(event: string, payload: Readonly<Record<string, unknown>>): void;
  /** Resolves when every queued hook has finished (tests, a clean exit). */
  idle(): Promise<void>;
}

export function createHookRunner(
  table: HookTable,
  options: { readonly cwd: string; readonly env?: Readonly<Record<string, string | undefined>> },
): HookRunner {
  let queue: Promise<void> = Promise.resolve();
  return {
    run(event, payload) {
      const toolName = typeof payload.tool_name === 'string' ? payload.tool_name : undefined;
      const commands = (table[event] ?? []).filter((hook) => matches(hook.matcher, toolName));
      if (commands.length === 0) return;
      const input = JSON.stringify(payload);
      for (const hook of commands) {
        queue = queue.then(async () => {
          // The command is the one launch wrote into the settings file, run as Claude runs it.
          await execa('sh', ['-c', hook.command], {
            input,
            cwd: options.cwd,
            ...(options.env === undefined ? {} : { env: options.env }),
            timeout: hook.timeoutMs,
            reject: false,
            stdout: 'ignore',
            stderr: 'ignore',
          }).catch(() => undefined);
        });
      }
    },
    idle: () => queue,
  };
}
