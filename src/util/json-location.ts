// Parses JSON while keeping offsets, so every problem in a user's file can be reported as
// file:line:column — the way editors and compilers do.
import { createRequire } from 'node:module';
import type * as JsoncModule from 'jsonc-parser';
import type { JSONPath, Node, ParseError } from 'jsonc-parser';
import { err, ok, type Result } from './result.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface LocatedJson {
  readonly value: unknown;
  /** Position of the value at `path`, or of its key when `at` is 'key'; file start when absent. */
  readonly locate: (path: JSONPath, at?: 'key' | 'value') => Position;
}

export interface JsonSyntaxError extends Position {
  readonly message: string;
}

export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const SYNTAX_HINTS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

type JsoncParser = typeof JsoncModule;
let jsonc: JsoncParser | null = null;
/**
 * jsonc-parser, loaded on first use (synchronously: it is CommonJS): a valid file is read with
 * JSON.parse, and the parse tree is built only to place a problem at file:line:column.
 */
function jsoncParser(): JsoncParser {
  jsonc ??= createRequire(import.meta.url)('jsonc-parser') as JsoncParser;
  return jsonc;
}

function parseTreeOf(text: string, errors: ParseError[]): Node | undefined {
  return jsoncParser().parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
}

function locator(text: string, root: Node): LocatedJson['locate'] {
  return (path, at = 'value') => {
    const node = jsoncParser().findNodeAtLocation(root, path);
    if (!node) return positionAt(text, root.offset);
    const keyNode =
      at === 'key' && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return positionAt(text, (keyNode ?? node).offset);
  };
}

export function parseLocatedJson(text: string): Result<LocatedJson, JsonSyntaxError> {
  let fast: { value: unknown } | null = null;
  try {
    fast = { value: JSON.parse(text) as unknown };
  } catch {
    fast = null; // the parse tree below says where and why
  }
  if (fast !== null) {
    let root: Node | null = null;
    return ok({
      value: fast.value,
      locate: (path, at) => {
        root ??= parseTreeOf(text, []) ?? null;
        return root === null ? positionAt(text, 0) : locator(text, root)(path, at);
      },
    });
  }
  return parseSlow(text);
}

function parseSlow(text: string): Result<LocatedJson, JsonSyntaxError> {
  const { getNodeValue, printParseErrorCode } = jsoncParser();
  const errors: ParseError[] = [];
  const tree = parseTreeOf(text, errors);
  const first = errors[0];
  if (first !== undefined || tree === undefined) {
    const offset = first?.offset ?? 0;
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    return err({
      ...positionAt(text, offset),
      message: `invalid JSON: ${SYNTAX_HINTS[code] ?? code}`,
    });
  }
  const root: Node = tree;
  return ok({ value: getNodeValue(root) as unknown, locate: locator(text, root) });
}

/** "sessions[2].id" style rendering of a JSON path for messages. */
export function showJsonPath(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}
