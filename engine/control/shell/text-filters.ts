import { err, ok, type ShellResult } from './shell-context';
import { FILTERS, isFilter, type Filter } from './pipeline';

/** Lines of a command's output (a final newline makes no empty last line). */
function linesOf(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}

/** `-n 5`, `-n5`, `-5`, `--lines=5`: how many lines head or tail keeps (10 by default). */
function lineCount(name: string, args: string[]): number | { error: string } {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^-(\d+)$/.exec(a) ?? /^-n(\d+)$/.exec(a) ?? /^--lines=(\d+)$/.exec(a);
    if (m) return Number(m[1]);
    if (a === '-n') {
      const v = args[i + 1];
      if (v === undefined || !/^\+?\d+$/.test(v)) return { error: `${name}: invalid number of lines: ‘${v ?? ''}’` };
      return Number(v.replace('+', ''));
    }
    if (a.startsWith('-')) return { error: `${name}: invalid option -- '${a.replace(/^-+/, '')}'` };
  }
  return 10;
}

/**
 * grep, head, tail, wc, sort and uniq over a command's output, with the options people use and
 * GNU coreutils' and grep's messages and exit statuses (grep: 1 when nothing matched).
 */
export function runFilter(name: Filter, argv: string[], input: string): ShellResult {
  const args = argv.slice(1);
  const lines = linesOf(input);
  switch (name) {
    case 'grep':
    case 'egrep':
    case 'fgrep': {
      let invert = false;
      let ignore = false;
      let count = false;
      let number = false;
      let word = false;
      let only = false;
      let syntax: 'basic' | 'extended' | 'fixed' = name === 'fgrep' ? 'fixed' : name === 'egrep' ? 'extended' : 'basic';
      let pattern: string | undefined;
      for (const a of args) {
        if (pattern === undefined && a.startsWith('-') && a.length > 1) {
          for (const f of a.slice(1)) {
            if (f === 'v') invert = true;
            else if (f === 'i') ignore = true;
            else if (f === 'c') count = true;
            else if (f === 'n') number = true;
            else if (f === 'w') word = true;
            else if (f === 'o') only = true;
            else if (f === 'F') syntax = 'fixed';
            else if (f === 'E') syntax = 'extended';
            else return err(`grep: invalid option -- '${f}'\nUsage: grep [OPTION]... PATTERNS [FILE]...`, 2);
          }
        } else if (pattern === undefined) pattern = a;
        else return err(`grep: ${a}: this console greps the output piped into it, not files`, 2);
      }
      if (pattern === undefined) return err('Usage: grep [OPTION]... PATTERNS [FILE]...', 2);
      let re: RegExp;
      try {
        const source =
          syntax === 'fixed'
            ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            : syntax === 'basic'
              ? basicToJs(pattern)
              : pattern;
        re = new RegExp(word ? `\\b(?:${source})\\b` : source, ignore ? 'gi' : 'g');
      } catch {
        return err(`grep: Unmatched ( or \\(`, 2);
      }
      const hits: string[] = [];
      lines.forEach((l, i) => {
        re.lastIndex = 0;
        const m = re.test(l);
        if (m === invert) return;
        if (only && !invert) {
          re.lastIndex = 0;
          for (const x of l.matchAll(re)) hits.push(number ? `${i + 1}:${x[0]}` : x[0]);
        } else hits.push(number ? `${i + 1}:${l}` : l);
      });
      if (count) return { output: String(hits.length), exit: hits.length > 0 ? 0 : 1 };
      return { output: hits.join('\n'), exit: hits.length > 0 ? 0 : 1 };
    }
    case 'head':
    case 'tail': {
      const n = lineCount(name, args);
      if (typeof n !== 'number') return err(n.error, 1);
      return ok((name === 'head' ? lines.slice(0, n) : n === 0 ? [] : lines.slice(-n)).join('\n'));
    }
    case 'wc': {
      const flags = args.join('');
      const l = lines.length;
      const w = lines.join(' ').split(/\s+/).filter(Boolean).length;
      const c = input === '' ? 0 : input.replace(/\n?$/, '\n').length;
      if (/^-?l+$/.test(flags)) return ok(String(l));
      if (/^-?w+$/.test(flags)) return ok(String(w));
      if (/^-?c+$/.test(flags)) return ok(String(c));
      if (flags === '') return ok(`${String(l).padStart(7)} ${String(w).padStart(7)} ${String(c).padStart(7)}`);
      return err(`wc: invalid option -- '${flags.replace(/^-+/, '')[0] ?? ''}'`, 1);
    }
    case 'sort': {
      const reverse = args.includes('-r');
      const numeric = args.includes('-n');
      const unique = args.includes('-u');
      const bad = args.find((a) => !['-r', '-n', '-u'].includes(a));
      if (bad) return err(`sort: this console sorts with -r, -n and -u only, not ${bad}`, 2);
      let out = [...lines].sort((a, b) =>
        numeric ? parseFloat(a) - parseFloat(b) || a.localeCompare(b) : a < b ? -1 : a > b ? 1 : 0,
      );
      if (reverse) out.reverse();
      if (unique) out = out.filter((x, i) => i === 0 || x !== out[i - 1]);
      return ok(out.join('\n'));
    }
    case 'uniq': {
      const counted = args.includes('-c');
      const bad = args.find((a) => a !== '-c');
      if (bad) return err(`uniq: this console counts with -c only, not ${bad}`, 1);
      const out: { line: string; n: number }[] = [];
      for (const l of lines) {
        const last = out.at(-1);
        if (last && last.line === l) last.n++;
        else out.push({ line: l, n: 1 });
      }
      return ok(out.map((o) => (counted ? `${String(o.n).padStart(7)} ${o.line}` : o.line)).join('\n'));
    }
  }
}

/** grep's basic regular expressions as JavaScript's: `\|`, `\(`, `\)`, `\{`, `\}` are the operators. */
function basicToJs(pattern: string): string {
  return pattern.replace(/\\([|(){}])|([|(){}+?])/g, (_m, op: string | undefined, lit: string | undefined) =>
    op !== undefined ? op : `\\${lit}`,
  );
}

/**
 * Passes a command's result through the filters after its pipe, as a shell would: the status is
 * the last filter's. A command that failed as a command (its message on stderr) pipes nothing,
 * so its message shows as it is.
 */
export function pipeThrough(
  stages: readonly string[],
  first: ShellResult,
  failedAsCommand: boolean,
  tokenize: (line: string) => string[] | { error: string },
): ShellResult {
  if (stages.length === 0 || failedAsCommand) return first;
  let cur = first;
  for (const stage of stages) {
    const argv = tokenize(stage);
    if (!Array.isArray(argv)) return err(`bash: ${argv.error}`, 2);
    const name = argv[0];
    if (!isFilter(name)) return err(`bash: ${name ?? ''}: this console pipes only into ${FILTERS.join(', ')}`, 127);
    cur = runFilter(name, argv, cur.output);
  }
  return cur;
}
