/**
 * The AWS CLI's command-line syntax, as far as the labs need it: `ec2 <operation>` then
 * `--name value`, `--name=value`, `--flag` / `--no-flag`, lists (`--instance-ids i-1 i-2`),
 * shorthand (`From=1024,To=65535`) and JSON values.
 */

/** Splits a command line like a POSIX shell would: quotes group, backslashes escape. */
export function tokenize(line: string): string[] | { error: string } {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (quote) return { error: `unexpected EOF while looking for matching \`${quote}'` };
  if (inToken) out.push(cur);
  return out;
}

/** Parsed options: every `--name` with the values that followed it (none for a flag). */
export type CliOptions = Map<string, string[]>;

/** Groups tokens after the operation into options; a bare value before any option is an error. */
export function parseOptions(tokens: string[]): CliOptions | { error: string } {
  const opts: CliOptions = new Map();
  let current: string[] | undefined;
  for (const tok of tokens) {
    if (tok.startsWith('--') && tok.length > 2) {
      const eq = tok.indexOf('=');
      const name = eq > 0 ? tok.slice(2, eq) : tok.slice(2);
      current = opts.get(name) ?? [];
      opts.set(name, current);
      if (eq > 0) current.push(tok.slice(eq + 1));
    } else if (current) {
      current.push(tok);
    } else {
      return { error: `Unknown options: ${tok}` };
    }
  }
  return opts;
}

/** `Key=Value,Key=Value` (the CLI's shorthand syntax) into a record. */
export function shorthand(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** `create-route` → `CreateRoute`, the API operation name in error messages. */
export function apiName(operation: string): string {
  return operation
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
