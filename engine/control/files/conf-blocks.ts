import { numberedLines, ProblemList } from './file-problems';

/** One statement of a block-structured configuration file (keepalived's), with its block if it opens one. */
export interface Statement {
  line: number;
  words: string[];
  block?: Statement[];
}

interface Token {
  line: number;
  text: string;
  /** a quoted string: `{` inside it is text */
  quoted: boolean;
}

/** Splits one line into words: `#` and `!` start comments, double quotes group, braces stand alone. */
function lineTokens(line: number, text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || c === '!') {
      break;
    } else if (c === '{' || c === '}') {
      out.push({ line, text: c, quoted: false });
      i++;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end < 0 ? text.length : end;
      out.push({ line, text: text.slice(i + 1, stop), quoted: true });
      i = stop + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s{}#!"]/.test(text[j]!)) j++;
      out.push({ line, text: text.slice(i, j), quoted: false });
      i = j;
    }
  }
  return out;
}

/**
 * Parses keepalived's syntax into statements: a statement is a line's words, and a `{` (at the
 * end of the line, or alone on the next) opens its block, closed by `}`. Brace problems are
 * reported as keepalived reports them.
 */
export function parseBlocks(text: string, problems: ProblemList): Statement[] {
  const root: Statement[] = [];
  const stack: Statement[][] = [root];
  let last: Statement | undefined;
  for (const { line, text: raw } of numberedLines(text)) {
    const tokens = lineTokens(line, raw);
    let words: string[] = [];
    const flush = () => {
      if (words.length === 0) return;
      last = { line, words };
      stack[stack.length - 1]!.push(last);
      words = [];
    };
    for (const t of tokens) {
      if (!t.quoted && t.text === '{') {
        flush();
        if (!last || last.block || last.line !== line) {
          // `{` alone on a line opens the block of the statement just before it
          if (last && !last.block && stack[stack.length - 1]!.at(-1) === last) {
            last.block = [];
            stack.push(last.block);
            continue;
          }
          problems.add(line, "Missing '{' at beginning of configuration block");
          continue;
        }
        last.block = [];
        stack.push(last.block);
      } else if (!t.quoted && t.text === '}') {
        flush();
        if (stack.length === 1) problems.add(line, "Extra '}' found");
        else stack.pop();
        last = undefined;
      } else {
        words.push(t.text);
      }
    }
    flush();
  }
  if (stack.length > 1) problems.add(0, `There are ${stack.length - 1} missing '}'s or extra '{'s`);
  return root;
}
