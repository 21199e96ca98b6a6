import { parseOptions, tokenize } from '../control/aws/cli-args';
import { OPERATION_SPECS, type OperationName } from '../control/aws/operation-specs';
import { WAITERS } from '../control/aws/waiters';
import type { LabStep } from '../lab/lab-file';
import type { Allowed } from './challenge';
import {
  fieldsAllowed,
  notifyAllowed,
  subFieldsAllowed,
  writeAllowed,
  type Permission,
  type PermissionContext,
} from './permissions-files';
import { writeFields } from '../control/files/guest-files';
import { allowedCommands, allowedOperations, globMatch, shortList } from './permission-help';
import { FILTERS, isFilter, splitPipeline } from '../control/shell/pipeline';

export type { Permission, PermissionContext } from './permissions-files';

const yes: Permission = { ok: true };
const no = (reason: string): Permission => ({ ok: false, reason });

/**
 * The command before a pipe, once what follows it is known to be text filters (grep, head, tail,
 * wc, sort, uniq: they read output and change nothing, so every level allows them); otherwise why not.
 */
function pipedFilters(line: string): { first: string } | { refused: string } {
  const stages = splitPipeline(line);
  if (!Array.isArray(stages)) return { refused: stages.error };
  for (const stage of stages.slice(1)) {
    const name = stage.trim().split(/\s+/)[0];
    if (!isFilter(name)) return { refused: `this console pipes only into ${FILTERS.join(', ')}, not ${name ?? ''}` };
  }
  return { first: stages[0]! };
}

/**
 * Whether this level lets the learner make this `aws ec2` call, and why not. An association id
 * counts as the resource it associates: the one it names now (`ctx`), or the one its
 * deterministic form spells (`rtbassoc-subnet-a` → `subnet-a`).
 */
export function awsAllowed(allowed: Allowed, line: string, ctx?: Pick<PermissionContext, 'associations'>): Permission {
  const piped = pipedFilters(line);
  if ('refused' in piped) return no(piped.refused);
  const tokens = tokenize(piped.first.trim());
  if (!Array.isArray(tokens)) return no(tokens.error);
  const words = tokens[0] === 'aws' ? tokens.slice(1) : tokens;
  const [service, called] = words;
  if (service !== 'ec2' || !called) return no('only `aws ec2 <operation>` calls are available');
  // a waiter only polls its describe call: allowed where that call is
  const op = called === 'wait' ? (WAITERS[words[2] ?? '']?.describe ?? called) : called;
  if (called === 'wait' && !allowed.simulator.wait)
    return no('aws ec2 wait lets simulated time pass, and this level keeps the clock where it is');
  // no such operation: the CLI itself answers (`Invalid choice`), which says more than a refusal
  if (called !== 'wait' && !(op in OPERATION_SPECS)) return yes;
  const rules = allowed.aws.filter((r) => globMatch(r.operation, op));
  if (rules.length === 0) {
    const ops = allowedOperations(allowed).map((o) => o.operation);
    return no(
      ops.length === 0
        ? `this level does not let you call ${op}, nor any other AWS call`
        : `this level does not let you call ${op}; you may call ${shortList(ops)} (\`aws help\` lists them)`,
    );
  }
  // the options that name what the call changes, as the operation declares them, read by the CLI's own parser
  const opts = parseOptions(words.slice(2));
  const declared: string[] =
    (OPERATION_SPECS[op as OperationName] as { subjects?: string[] } | undefined)?.subjects ?? [];
  const subjects = opts instanceof Map ? declared.flatMap((name) => opts.get(name) ?? []) : [];
  const ok = rules.some(
    (r) =>
      !r.resources ||
      subjects.every(
        (s) =>
          r.resources!.includes(s) ||
          r.resources!.includes(s.replace(/^(rtbassoc|aclassoc|eipassoc|eni-attach)-/, '')) ||
          r.resources!.includes(ctx?.associations?.get(s) ?? s),
      ),
  );
  return ok
    ? yes
    : no(`this level lets you call ${op} only on ${[...new Set(rules.flatMap((r) => r.resources ?? []))].join(', ')}`);
}

/** iproute2's abbreviations (`ip a`, `ip r`, `ip n`): a level that allows `ip addr` allows `ip a`. */
const IP_OBJECTS: Record<string, string> = {
  a: 'addr',
  address: 'addr',
  r: 'route',
  ro: 'route',
  n: 'neigh',
  neighbor: 'neigh',
  neighbour: 'neigh',
  l: 'link',
  ru: 'rule',
};

function canonicalIp(words: string[]): string[] {
  if (words[0] !== 'ip' || words[1] === undefined) return words;
  return ['ip', IP_OBJECTS[words[1]] ?? words[1], ...words.slice(2)];
}

/** Commands that change what the guest is configured with. */
function changesConfig(argv: string[]): boolean {
  const [cmd, ...rest] = argv;
  const words = rest.filter((w) => !w.startsWith('-'));
  if (cmd === 'ip') return ['add', 'del', 'delete', 'replace', 'change', 'set', 'flush'].includes(words[1] ?? '');
  if (cmd === 'sysctl') return rest.includes('-w') || rest.some((w) => w.includes('='));
  if (cmd === 'iptables') return rest.some((w) => ['-A', '-D', '-I', '-F', '-P', '-N', '-X', '-R'].includes(w));
  return false;
}

/**
 * Whether the learner may run this command on this VM: by command prefix, read-only or not. An
 * `aws` command is held to the level's AWS rules (`ctx` resolves association ids).
 */
export function shellAllowed(
  allowed: Allowed,
  on: string,
  cmd: string,
  ctx?: Pick<PermissionContext, 'associations'>,
): Permission {
  const piped = pipedFilters(cmd);
  if ('refused' in piped) return no(piped.refused);
  const tokens = tokenize(piped.first.trim());
  if (!Array.isArray(tokens)) return no(tokens.error);
  const argv = tokens[0] === 'sudo' ? tokens.slice(1) : tokens;
  if (argv[0] === 'aws') return awsAllowed(allowed, argv.join(' '), ctx);
  const words = canonicalIp(argv.filter((w) => !w.startsWith('-')));
  const rules = allowed.shell.filter((r) => r.instances.includes(on));
  if (rules.length === 0) return no(`this level gives you no shell on ${on}`);
  const match = rules.filter((r) =>
    r.commands.some((c) => canonicalIp(c.split(/\s+/)).every((w, i) => words[i] === w)),
  );
  if (match.length === 0)
    return no(
      `this level does not let you run \`${words.slice(0, 2).join(' ')}\` on ${on}; you may run ${shortList(
        allowedCommands(allowed, on).map((c) => c.command),
      )} (\`help\` lists them)`,
    );
  if (changesConfig(argv) && match.every((r) => r.readOnly))
    return no(`${on}'s configuration cannot be changed in this level`);
  // removing a file is writing it: the level must let the learner change what it holds
  if (argv[0] === 'rm')
    for (const path of argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const p = fieldsAllowed(allowed, on, writeFields(path), path);
      if (!p.ok) return p;
    }
  return yes;
}

/** Whether a step a learner sends (a change or an experiment) is within what the level allows. */
export function stepAllowed(allowed: Allowed, step: LabStep, ctx: PermissionContext): Permission {
  const command = (on: string, cmd: string) => shellAllowed(allowed, on, cmd, ctx);
  switch (step.kind) {
    case 'aws':
      return awsAllowed(allowed, step.aws, ctx);
    case 'run':
      return shellAllowed(allowed, step.run.on, step.run.cmd, ctx);
    case 'configure': {
      const rule = allowed.configure.find((r) => r.instances.includes(step.configure.on));
      if (!rule) return no(`this level does not let you reconfigure ${step.configure.on}`);
      const parts = subFieldsAllowed(allowed, step.configure.on, ctx.os?.(step.configure.on) ?? {}, step.configure.os);
      if (!parts.ok) return parts;
      return notifyAllowed(step.configure.on, step.configure.os.vrrp, ctx, command);
    }
    case 'write':
      return writeAllowed(allowed, step.write.on, step.write.path, step.write.content, ctx, command);
    case 'fail':
    case 'recover':
      return allowed.simulator.fail.includes(step.target)
        ? yes
        : no(`this level does not let you crash or recover ${step.target}`);
    case 'wait':
      return allowed.simulator.wait ? yes : no('this level does not let you advance time');
    case 'expect': {
      if (step.form !== 'flow') return yes;
      const from = step.expect.from;
      if (from === undefined || ctx.hosts.has(from) || allowed.traffic.from.includes(from)) return yes;
      return no(`the traffic panel cannot send from ${from} in this level`);
    }
  }
}
