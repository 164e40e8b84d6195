// "The flags you gave": the global flags that name a run (plan dir, log dir, tmux socket, session
// prefix), as typed on this command line, so every hint launch prints acts on the same run when
// copied (`launch status --log-dir /x` rather than a `launch status` that looks elsewhere).

/** The global flag naming a registered run (`launch ls`) from any folder. */
export const RUN_FLAG = '--run';

/** The global flags that decide which run a command acts on. */
export const RUN_FLAGS = ['--run', '--plan-dir', '--log-dir', '--socket', '--prefix'] as const;

/** A word as a POSIX shell reads it back unchanged (single quotes unless it is plainly safe). */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The run flags in `argv` (`--flag value` or `--flag=value`; the last one wins), in RUN_FLAGS order. */
export function givenRunFlags(argv: readonly string[]): string[] {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--') break;
    const eq = word.indexOf('=');
    const name = eq > 0 ? word.slice(0, eq) : word;
    if (!(RUN_FLAGS as readonly string[]).includes(name)) continue;
    const value = eq > 0 ? word.slice(eq + 1) : argv[++index];
    if (value !== undefined) values.set(name, value);
  }
  return RUN_FLAGS.flatMap((name) => {
    const value = values.get(name);
    return value === undefined ? [] : [name, shellWord(value)];
  });
}

/**
 * A `launch …` command line to show in a hint: `words` (the subcommand and its own arguments) and
 * then the run flags this invocation was given.
 */
export function launchHint(argv: readonly string[] | undefined, words: string): string {
  const flags = givenRunFlags(argv ?? []);
  return flags.length === 0 ? `launch ${words}` : `launch ${words} ${flags.join(' ')}`;
}

/** Every `launch …` hint in backquotes in `text`, with the run flags of `argv` added. */
export function withGivenFlags(text: string, argv: readonly string[]): string {
  if (givenRunFlags(argv).length === 0) return text;
  return text.replace(/`launch ([^`]+)`/g, (whole, words: string) =>
    // A hint made with launchHint already carries them; one that names a run (`launch stop <run>`)
    // says which run by that name, and a run flag beside it would be refused as a contradiction.
    RUN_FLAGS.some((flag) => words.split(' ').includes(flag)) || words.includes('<run>')
      ? whole
      : `\`${launchHint(argv, words)}\``,
  );
}
