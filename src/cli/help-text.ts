// The "Examples:" block under a command's --help (one or two lines a person can copy).

export function withExamples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}
