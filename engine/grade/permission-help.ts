import { OPERATION_NAMES } from '../control/aws/operation-specs';
import { WAITERS } from '../control/aws/waiters';
import type { Allowed } from './challenge';

/** An `aws ec2` operation this level allows, and the resources it may act on (none: any). */
export interface AllowedOperation {
  operation: string;
  resources?: string[];
}

/** `describe-*` matches every describe call; anything else matches itself. */
export function globMatch(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** The `aws ec2` operations a level allows, globs (`describe-*`) spelled out, in the CLI's order. */
export function allowedOperations(allowed: Allowed): AllowedOperation[] {
  const out: AllowedOperation[] = [];
  for (const name of OPERATION_NAMES) {
    const rules = allowed.aws.filter((r) => globMatch(r.operation, name));
    if (rules.length === 0) continue;
    const any = rules.some((r) => !r.resources);
    const resources = [...new Set(rules.flatMap((r) => r.resources ?? []))];
    out.push(any ? { operation: name } : { operation: name, resources });
  }
  return out;
}

/** The command prefixes a level allows on one VM (`ip route`, `ping`), and which only look. */
export function allowedCommands(allowed: Allowed, on: string): { command: string; readOnly: boolean }[] {
  const seen = new Map<string, boolean>();
  for (const r of allowed.shell.filter((x) => x.instances.includes(on)))
    for (const c of r.commands) seen.set(c, (seen.get(c) ?? true) && r.readOnly);
  return [...seen].map(([command, readOnly]) => ({ command, readOnly }));
}

/** A short list for a refusal: the first few, then how many more. */
export function shortList(items: readonly string[], most = 8): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}

/** What `aws help` (and `aws ec2 help`) answers in a level: the calls it allows, on what. */
export function awsHelpText(allowed: Allowed): string {
  const ops = allowedOperations(allowed);
  if (ops.length === 0) return 'This level gives you no AWS CLI calls: look with the shells and the traffic tester.';
  const width = Math.max(...ops.map((o) => o.operation.length));
  return [
    'aws ec2 <operation> [options]: the calls this level allows',
    '',
    ...ops.map((o) => `  ${o.operation.padEnd(width)}${o.resources ? `  (on ${o.resources.join(', ')})` : ''}`),
    ...waitersLine(allowed, ops),
    '',
    'Tab completes an operation and a resource id; ↑ recalls what you ran.',
  ].join('\n');
}

/** The waiters this level allows: where their describe call is allowed and time may pass. */
function waitersLine(allowed: Allowed, ops: AllowedOperation[]): string[] {
  if (!allowed.simulator.wait) return [];
  const names = Object.entries(WAITERS)
    .filter(([, w]) => ops.some((o) => o.operation === w.describe))
    .map(([name]) => name);
  return names.length === 0
    ? []
    : ['', 'aws ec2 wait <condition>: polls until it holds, simulated time passing meanwhile', `  ${names.join(', ')}`];
}

/** What `help` answers in a VM's shell: the commands this level allows there. */
export function shellHelpText(allowed: Allowed, on: string): string {
  const cmds = allowedCommands(allowed, on);
  if (cmds.length === 0) return `This level gives you no shell on ${on}.`;
  const width = Math.max(...cmds.map((c) => c.command.length));
  return [
    `Commands this level lets you run on ${on}:`,
    '',
    ...cmds.map((c) => `  ${c.command.padEnd(width)}${c.readOnly ? '  (look only: no changes)' : ''}`),
    '',
    'Tab completes a command and a resource id; ↑ recalls what you ran.',
  ].join('\n');
}

/** What `help` answers on the simulator target. */
export function simulatorHelpText(allowed: Allowed): string {
  const lines = ['The simulator acts on the network itself, as a step of your attempt:', ''];
  if (allowed.simulator.fail.length > 0) {
    lines.push(
      `  fail <instance>      hang an instance (AWS still sees it running): ${allowed.simulator.fail.join(', ')}`,
    );
    lines.push('  recover <instance>   reboot it');
  }
  if (allowed.simulator.wait) {
    lines.push('  wait <seconds>       let simulated time pass');
    lines.push('  wait settled         let it pass until nothing changes any more (at most 120 s)');
    lines.push('  run | pause          run the clock in real time, or stop it');
  }
  return lines.join('\n');
}

/** `help` on a console target: the AWS CLI, the simulator, or a VM's shell, from what the level allows there. */
export function helpText(allowed: Allowed, target: string): string {
  if (target === 'aws') return awsHelpText(allowed);
  if (target === 'simulator') return simulatorHelpText(allowed);
  return shellHelpText(allowed, target);
}
