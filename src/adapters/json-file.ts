// Reads a JSON file checked by a zod schema: missing and damaged are answers, not exceptions.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';

export type JsonFileFailure =
  { readonly reason: 'missing' } | { readonly reason: 'corrupt'; readonly detail: string };

export function readJsonFile<S extends z.ZodType>(
  file: string,
  schema: S,
): Result<z.output<S>, JsonFileFailure> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return err({ reason: 'missing' });
    return err({ reason: 'corrupt', detail: (cause as Error).message });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return err({ reason: 'corrupt', detail: (cause as Error).message });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({
      reason: 'corrupt',
      detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    });
  }
  return ok(parsed.data);
}
