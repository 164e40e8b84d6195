// The error a CLI command raises to stop with a one-line message and a specific exit code.

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

/**
 * Thrown only at the CLI boundary (commands turn failed Results into it); the top level prints
 * `launch: <message>` and exits with `exitCode`, no stack unless --verbose.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Quotes a value the way error messages show what came: strings in quotes, others as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
