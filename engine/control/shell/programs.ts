/**
 * The programs a guest's shell knows: what the console, a notify script and a script file can
 * run. Shared by the shell (which runs them) and the configuration files (which check that a
 * script names only programs that exist, before a daemon runs it).
 */
export const PROGRAMS = [
  'ip',
  'ping',
  'traceroute',
  'tcpdump',
  'arping',
  'nc',
  'ncat',
  'netcat',
  'curl',
  'sysctl',
  'iptables',
  'hostname',
  'ss',
  'dig',
  'host',
  'nslookup',
  'echo',
  'true',
  'false',
  'journalctl',
  'aws',
  'cat',
  'ls',
  'systemctl',
  'vtysh',
  'sh',
  'bash',
  'chmod',
  'rm',
  'logger',
  'set',
  'exit',
  ':',
  'nano',
  'vi',
  'vim',
  'edit',
] as const;

export type Program = (typeof PROGRAMS)[number];

const KNOWN = new Set<string>(PROGRAMS);

export function isProgram(name: string): name is Program {
  return KNOWN.has(name);
}

/**
 * Shell syntax the simulated shell does not have. A script runs one command per line, as the
 * console does; a pipe, a list, a redirection or a variable is refused where it is written.
 */
export function unsupportedSyntax(line: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\') i++;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '\\') i++;
    else if (c === '|' || c === ';' || c === '&') return 'pipes, lists (; && ||) and background jobs';
    else if (c === '>' || c === '<') return 'redirections';
    else if (c === '$' || c === '`') return 'variables and command substitution';
  }
  return undefined;
}
