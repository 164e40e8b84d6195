// How one run setting is specified (its schema, env parsing, messages and default) and the small
// building blocks the settings table in fields.ts is made of.
import { IANAZone } from 'luxon';
import { createRequire } from 'node:module';
import type * as ShellQuote from 'shell-quote';

/** shell-quote on first use (it is CommonJS): only a command-line setting in the environment needs it. */
let shellQuote: typeof ShellQuote | null = null;
const parseShellWords: typeof ShellQuote.parse = (...args) => {
  shellQuote ??= createRequire(import.meta.url)('shell-quote') as typeof ShellQuote;
  return shellQuote.parse(...args);
};
import { z } from 'zod';

/** How a raw environment string becomes a value for the field's schema. */
export type EnvParser = (raw: string) => unknown;

export interface FieldSpec<S extends z.ZodType = z.ZodType> {
  /** Environment variable that sets it (env wins over the config file). */
  readonly env: string;
  readonly schema: S;
  /** Completes "X must be …" in error messages. */
  readonly expects: string;
  /** Where the config file takes another shape than the env string (lists). */
  readonly expectsInFile?: string;
  readonly description: string;
  readonly parseEnv: EnvParser;
  /** Static default; fields whose default depends on others (paths) are filled by resolve.ts. */
  readonly default?: z.output<S>;
  /** Relative paths in the config file are read against the plan dir, in env/flags against cwd. */
  readonly isPath?: boolean;
}

export const trimmed: EnvParser = (raw) => raw.trim();
export const asNumber: EnvParser = (raw) => {
  const text = raw.trim();
  // Number('') is 0 and Number(' ') is 0: treat blank as a wrong value, not as zero.
  if (text === '') return raw;
  const n = Number(text);
  return Number.isNaN(n) ? raw : n;
};
export const asBoolean: EnvParser = (raw) => {
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return raw;
};
/**
 * Splits flags the way a shell would (quotes, backslashes) without running one: `$VAR` stays
 * literal, and shell operators (`;`, `|`, `$(`) make the value invalid instead of being dropped.
 */
export const asArgv: EnvParser = (raw) => {
  const words: string[] = [];
  for (const entry of parseShellWords(raw, (name) => `$${name}`)) {
    if (typeof entry === 'string') words.push(entry);
    else if ('op' in entry && entry.op === 'glob') words.push(entry.pattern);
    else return raw;
  }
  return words;
};
export const asOptionalString: EnvParser = (raw) => (raw.trim() === '' ? null : raw.trim());
/** A JSON value (an object setting given in the environment); bad JSON stays the raw text. */
export const asJson: EnvParser = (raw) => {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
};
/** "a, b,c" → ["a", "b", "c"]. */
export const asCommaList: EnvParser = (raw) =>
  raw
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');

export const seconds = () => z.number().finite().positive();
export const wholeCount = () => z.number().int().positive();
export const countFromZero = () => z.number().int().nonnegative();
export const safeName = () => z.string().regex(/^[A-Za-z0-9_-]+$/);
export const nonEmpty = () => z.string().min(1);
/** A newline in a path would end a line the watchdog types (opencode's kickoff pointer). */
export const pathText = () =>
  z
    .string()
    .min(1)
    .refine((path) => !/[\u0000-\u001f\u007f]/.test(path));
export const zoneName = () =>
  z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone))
    .nullable();

export function field<S extends z.ZodType>(spec: FieldSpec<S>): FieldSpec<S> {
  return spec;
}

export function flagsField(env: string, description: string) {
  return field({
    env,
    schema: z.array(z.string()).nullable(),
    expects: 'command-line flags without shell operators (; | & $( ) # < >)',
    expectsInFile: 'a list of strings, e.g. ["--verbose"]',
    description,
    parseEnv: asArgv,
    default: null,
  });
}

export function secondsField(env: string, defaultSeconds: number, description: string) {
  return field({
    env,
    schema: seconds(),
    expects: 'a positive number of seconds',
    description,
    parseEnv: asNumber,
    default: defaultSeconds,
  });
}
