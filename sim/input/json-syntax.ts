// Where JSON text first breaks the grammar, and how. JSON.parse says so too, but its message
// quotes the text around the problem without escaping it, and for most problems gives no
// position; this walk gives the offset for a line and column, and the CLI quotes the text
// itself (excerpt.ts). A loop with a stack of open containers, not recursion: any depth.

export interface SyntaxProblem {
  offset: number;
  problem: string;
}

const VALUE = 0; // a value must come next
const VALUE_OR_CLOSE = 1; // just after '['
const KEY = 2; // after ',' in an object
const KEY_OR_CLOSE = 3; // just after '{'
const COLON = 4;
const COMMA_OR_CLOSE = 5;
const END = 6; // the top-level value is complete

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** The first syntax error in `text`, or null when it is one well-formed JSON value. */
export function firstSyntaxError(text: string): SyntaxProblem | null {
  const n = text.length;
  const closers: number[] = []; // '}' or ']' for each open container
  let i = 0;
  let state = VALUE;
  const at = (offset: number, problem: string): SyntaxProblem => ({ offset, problem });
  const afterValue = () => (closers.length > 0 ? COMMA_OR_CLOSE : END);
  for (;;) {
    while (i < n) {
      const w = text.charCodeAt(i);
      if (w !== 0x20 && w !== 0x0a && w !== 0x0d && w !== 0x09) break;
      i++;
    }
    if (i >= n) return state === END ? null : at(n, 'the text ends too early');
    const c = text[i]!;
    switch (state) {
      case END:
        return at(i, 'more text after the JSON value');
      case COLON:
        if (c !== ':') return at(i, "expected ':' after the key");
        i++;
        state = VALUE;
        continue;
      case COMMA_OR_CLOSE: {
        const close = String.fromCharCode(closers[closers.length - 1]!);
        if (c === ',') {
          i++;
          state = close === '}' ? KEY : VALUE;
        } else if (c === close) {
          i++;
          closers.pop();
          state = afterValue();
        } else {
          return at(i, `expected ',' or '${close}'`);
        }
        continue;
      }
      case KEY:
      case KEY_OR_CLOSE: {
        if (state === KEY_OR_CLOSE && c === '}') {
          i++;
          closers.pop();
          state = afterValue();
          continue;
        }
        if (c !== '"') return at(i, 'expected a key in double quotes');
        const bad = string();
        if (bad) return bad;
        state = COLON;
        continue;
      }
      default: {
        // VALUE or VALUE_OR_CLOSE
        if (state === VALUE_OR_CLOSE && c === ']') {
          i++;
          closers.pop();
          state = afterValue();
          continue;
        }
        if (c === '{' || c === '[') {
          closers.push(c === '{' ? 0x7d : 0x5d);
          i++;
          state = c === '{' ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
          continue;
        }
        if (c === '"') {
          const bad = string();
          if (bad) return bad;
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return at(i, 'a malformed number');
          i = NUMBER.lastIndex;
        } else {
          const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
          if (!word) return at(i, 'expected a value');
          i += word.length;
        }
        state = afterValue();
      }
    }
  }

  /** A string from its opening quote at i; moves i past the closing one. */
  function string(): SyntaxProblem | null {
    const start = i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return at(i, 'a control character inside a string (write it as an escape)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) return at(i, 'a bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          return at(i, 'a bad escape');
        }
        continue;
      }
      i++;
    }
    return at(start, 'a string that never ends');
  }
}

/** 1-based line and column of `offset` (columns in UTF-16 units, as editors mostly count). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
