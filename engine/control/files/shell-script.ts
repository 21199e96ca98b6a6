import { tokenize } from '../aws/cli-args';
import { isProgram, unsupportedSyntax } from '../shell/programs';
import { bareCommand } from '../../model/guest-os';
import { numberedLines, ProblemList, type FileParse } from './file-problems';

/** One command of a script, with the line it starts on. */
export interface ScriptCommand {
  line: number;
  cmd: string;
}

/** Drops a trailing ` # comment` outside quotes. */
function withoutComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i);
  }
  return text;
}

/**
 * A shell script's commands, one per line (a line ending in `\` continues on the next), without
 * the `#!` line and comments. Programs keep their bare names (`/usr/local/bin/aws` → `aws`).
 * A line the simulated shell cannot run (a pipe, a variable, a program it does not have) is a
 * problem here, where it is written, rather than a surprise when a daemon runs the script.
 */
export function scriptCommands(text: string, name: string): FileParse<ScriptCommand[]> {
  const problems = new ProblemList();
  const commands: ScriptCommand[] = [];
  let pending: ScriptCommand | undefined;
  for (const { line, text: raw } of numberedLines(text)) {
    const stripped = withoutComment(raw).trim();
    const continues = stripped.endsWith('\\');
    const part = continues ? stripped.slice(0, -1).trim() : stripped;
    if (pending) pending.cmd = `${pending.cmd} ${part}`.trim();
    else if (part !== '') pending = { line, cmd: part };
    if (continues) continue;
    if (pending) commands.push(pending);
    pending = undefined;
  }
  if (pending) commands.push(pending);
  for (const c of commands) {
    const bad = unsupportedSyntax(c.cmd);
    if (bad) {
      problems.add(c.line, `${name}: ${c.line}: the simulated shell runs one command per line, without ${bad}`);
      continue;
    }
    const words = tokenize(c.cmd);
    if (!Array.isArray(words)) {
      problems.add(c.line, `${name}: ${c.line}: Syntax error: ${words.error}`);
      continue;
    }
    c.cmd = bareCommand(c.cmd);
    const program = bareCommand(words[0] === 'sudo' ? (words[1] ?? '') : words[0]!);
    if (!isProgram(program) && !program.startsWith('/'))
      problems.add(c.line, `${name}: ${c.line}: ${program}: not found`);
  }
  return problems.result(commands);
}

/** A script that runs these commands, as `sh` would read it. */
export function printScript(commands: readonly string[]): string {
  return ['#!/bin/sh', ...commands, ''].join('\n');
}
