// Several tmux commands in one invocation (`a ; b ; c` as one argv), with a marker line printed
// between their outputs so the combined stdout splits back into one output per command. tmux stops
// at the first command that fails, so the markers also tell which command failed.
import { nodeCrypto } from '../util/node-crypto.js';

/** A marker no pane can be expected to show: it carries a fresh random nonce per invocation. */
export function batchMarker(nonce: string, index: number): string {
  return `launch-batch-${nonce}-${index}`;
}

export function newBatchNonce(): string {
  return nodeCrypto().randomBytes(6).toString('hex');
}

/** `part0 ; display-message -p M1 ; part1 ; display-message -p M2 ; part2 …` */
export function batchArgs(parts: readonly (readonly string[])[], nonce: string): string[] {
  const args: string[] = [];
  parts.forEach((part, index) => {
    if (index > 0) args.push(';', 'display-message', '-p', batchMarker(nonce, index), ';');
    args.push(...part);
  });
  return args;
}

export interface BatchOutputs {
  /**
   * Output of each command that started, in order. When the invocation failed, the last one is the
   * command that failed (its output, if any, is incomplete) and the commands after it never ran.
   */
  readonly outputs: readonly string[];
}

/** Splits the stdout of a `batchArgs` invocation of `count` commands. */
export function splitBatch(stdout: string, count: number, nonce: string): BatchOutputs {
  const outputs: string[] = [];
  let start = 0;
  for (let index = 1; index < count; index++) {
    const line = `${batchMarker(nonce, index)}\n`;
    let at = stdout.indexOf(line, start);
    // A marker counts only at the start of a line (every command's output ends with a newline).
    while (at > 0 && stdout[at - 1] !== '\n') at = stdout.indexOf(line, at + 1);
    if (at < 0) break;
    outputs.push(stdout.slice(start, at));
    start = at + line.length;
  }
  outputs.push(stdout.slice(start));
  return { outputs };
}
