// Plain aligned columns for people (colour codes do not count towards the width).

const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string): number => [...text.replace(ANSI, '')].length;

export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => visibleLength(row[column] ?? ''))),
  );
  return all
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1
            ? cell
            : cell + ' '.repeat((widths[column] ?? 0) - visibleLength(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
