/**
 * A command line's pipeline: `cmd | grep igw | head -n 3`. The console runs the first command
 * and passes its output through text filters (grep, head, tail, wc), as a shell would; any other
 * program after a pipe, a list (`;`, `&&`, `||`), a redirection or a substitution is refused
 * with what the console can do instead.
 */

/** The text filters a pipe may feed. */
export const FILTERS = ['grep', 'egrep', 'fgrep', 'head', 'tail', 'wc', 'sort', 'uniq'] as const;
export type Filter = (typeof FILTERS)[number];

export function isFilter(name: string | undefined): name is Filter {
  return (FILTERS as readonly string[]).includes(name ?? '');
}

/** Splits a line at its unquoted `|`; refuses `||`, `;`, `&`, redirections and substitutions. */
export function splitPipeline(line: string): string[] | { error: string } {
  const parts: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    // the segments keep their quotes and escapes: each is tokenized as its own command afterwards
    if (quote) {
      if (c === '\\' && quote === '"' && i + 1 < line.length) cur += c + line[++i]!;
      else {
        if (c === quote) quote = undefined;
        cur += c;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += c + line[++i]!;
    } else if (c === '|') {
      if (line[i + 1] === '|') return { error: 'this console runs one command at a time: no lists (|| && ;)' };
      parts.push(cur.trim());
      cur = '';
    } else if (c === ';' || c === '&') {
      return { error: 'this console runs one command at a time: no lists (; && ||) or background jobs' };
    } else if (c === '>' || c === '<') {
      return { error: 'this console has no redirections (> <): the output is shown here' };
    } else if (c === '`' || (c === '$' && line[i + 1] === '(')) {
      return { error: 'this console has no command substitution' };
    } else cur += c;
  }
  parts.push(cur.trim());
  if (parts.some((p) => p === '')) return { error: "syntax error near unexpected token `|'" };
  return parts;
}
