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

/** A value of the CLI's shorthand syntax: a string, a list, or a structure. */
export type ShorthandValue = string | ShorthandValue[] | { [key: string]: ShorthandValue };

/**
 * The AWS CLI's full shorthand syntax (the grammar the CLI documents under "Using shorthand
 * syntax"): `Key=Value` pairs separated by commas; a value is a string, a comma-separated list
 * (`Values=a,b`), an explicit list (`[a,b]`), a structure (`{Key=Value,…}`) or a list of them
 * (`IpRanges=[{CidrIp=10.0.0.0/16},{CidrIp=10.1.0.0/16}]`); quotes keep commas and brackets.
 * A mistake is answered as the CLI answers it, with where it is.
 */
export function parseShorthand(text: string, option: string): { [key: string]: ShorthandValue } | { error: string } {
  let i = 0;
  const fail = (expected: string): { error: string } => {
    const got = i >= text.length ? 'EOF' : text[i]!;
    return {
      error: `Error parsing parameter '--${option}': Expected: '${expected}', received: '${got}' for input:\n${text}\n${' '.repeat(i)}^`,
    };
  };
  class Stop {
    constructor(readonly error: { error: string }) {}
  }
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const key = (): string => {
    ws();
    const start = i;
    while (i < text.length && /[\w.:\-@#]/.test(text[i]!)) i++;
    if (i === start) throw new Stop(fail('key'));
    return text.slice(start, i);
  };
  const quoted = (): string => {
    const q = text[i]!;
    i++;
    let out = '';
    while (i < text.length && text[i] !== q) {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      out += text[i++];
    }
    if (i >= text.length) throw new Stop(fail(q));
    i++;
    return out;
  };
  /** a bare string ends at a comma, or at the bracket that closes what holds it */
  const scalar = (closers: string): string => {
    ws();
    if (text[i] === '"' || text[i] === "'") return quoted();
    const start = i;
    while (i < text.length && text[i] !== ',' && !closers.includes(text[i]!)) i++;
    return text.slice(start, i).trim();
  };
  const value = (closers: string): ShorthandValue => {
    ws();
    if (text[i] === '[') return list();
    if (text[i] === '{') return struct();
    return scalar(closers);
  };
  const list = (): ShorthandValue[] => {
    i++; // [
    const out: ShorthandValue[] = [];
    ws();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(']'));
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      throw new Stop(fail(']'));
    }
  };
  const pairs = (closer: string): { [key: string]: ShorthandValue } => {
    const out: { [key: string]: ShorthandValue } = {};
    for (;;) {
      const k = key();
      ws();
      if (text[i] !== '=') throw new Stop(fail('='));
      i++;
      let v = value(closer);
      // `Values=a,b,c`: more strings after a comma that does not start the next Key=
      while (typeof v === 'string' || Array.isArray(v)) {
        if (text[i] !== ',' || /^,\s*[\w.:\-@#]+\s*=/.test(text.slice(i))) break;
        i++;
        const next = scalar(closer);
        v = [...(Array.isArray(v) ? v : [v]), next];
      }
      out[k] = v;
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      return out;
    }
  };
  const struct = (): { [key: string]: ShorthandValue } => {
    i++; // {
    const out = pairs('}');
    ws();
    if (text[i] !== '}') throw new Stop(fail('}'));
    i++;
    return out;
  };
  try {
    const out = pairs('');
    ws();
    if (i < text.length) return fail(',');
    return out;
  } catch (e) {
    if (e instanceof Stop) return e.error;
    throw e;
  }
}

/**
 * A list-of-structures parameter (`--tags`, `--ip-permissions`, `--tag-specifications`) as the
 * CLI takes it: one JSON document (a list or one structure), or one shorthand structure per value.
 */
export function structures(values: string[], option: string): Record<string, unknown>[] | { error: string } {
  const first = (values[0] ?? '').trim();
  if (first.startsWith('[') || first.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(values.join(' '));
      const list = Array.isArray(parsed) ? parsed : [parsed];
      if (list.some((x) => typeof x !== 'object' || x === null || Array.isArray(x)))
        return { error: `Error parsing parameter '--${option}': each item must be a structure ({…})` };
      return list as Record<string, unknown>[];
    } catch (e) {
      return { error: `Error parsing parameter '--${option}': Invalid JSON: ${(e as Error).message}` };
    }
  }
  const out: Record<string, unknown>[] = [];
  for (const v of values) {
    const sh = parseShorthand(v, option);
    if ('error' in sh && typeof sh.error === 'string') return { error: sh.error };
    out.push(sh);
  }
  return out;
}
