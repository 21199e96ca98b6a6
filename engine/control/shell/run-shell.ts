import type { ControlState } from '../control-state';
import { tokenize } from '../aws/cli-args';
import { describeApiCall } from '../aws/describe-call';
import { runAwsCommand } from '../aws/run-aws';
import { normalizePath, readGuestFile } from '../files/guest-files';
import { scriptCommands } from '../files/shell-script';
import { ipCommand } from './ip-command';
import { boundOutput } from './bounds';
import { cat, chmod, editor, ls, rm } from './file-commands';
import type { Program } from './programs';
import { journalctl, systemctl } from './service-commands';
import { runRouterCommand } from './router-shell';
import { err, ok, ShellContext, type ShellResult } from './shell-context';
import { splitPipeline } from './pipeline';
import { iptables, sysctl } from './system-commands';
import { ss } from './ss-command';
import { dig, host, nslookup } from './dns-commands';
import { guestHostname } from '../files/system-conf';
import { pipeThrough } from './text-filters';
import { tcpdump } from './tcpdump';
import { arping, curl, nc, ping, traceroute } from './traffic-commands';
import { vtysh } from './vtysh';

type Command = (ctx: ShellContext, argv: string[]) => ShellResult;

/** Scripts may run scripts, this deep at most (a script that runs itself stops here). */
const MAX_SCRIPT_DEPTH = 4;

const COMMANDS: Record<Exclude<Program, 'sh' | 'bash'>, Command> = {
  ip: ipCommand,
  ping,
  traceroute,
  tcpdump,
  arping,
  nc,
  ncat: nc,
  netcat: nc,
  curl,
  sysctl,
  iptables,
  hostname: (ctx) => ok(guestHostname(ctx.instance)),
  ss,
  dig,
  host,
  nslookup,
  echo: (_ctx, argv) => ok(argv.slice(1).join(' ')),
  true: () => ok(),
  false: () => err('', 1),
  ':': () => ok(),
  set: () => ok(),
  exit: (_ctx, argv) => err('', Number(argv[1] ?? 0) || 0),
  logger: (ctx, argv) => {
    const tag = argv.includes('-t') ? argv[argv.indexOf('-t') + 1] : 'root';
    const text = argv.slice(1).filter((a, i, all) => a !== '-t' && all[i - 1] !== '-t');
    ctx.state.world.log(ctx.instanceId, tag ?? 'root', text.join(' '));
    return ok();
  },
  journalctl,
  systemctl,
  vtysh,
  cat,
  ls,
  chmod,
  rm,
  nano: editor,
  vi: editor,
  vim: editor,
  edit: editor,
  aws: (ctx, argv) => awsInGuest(ctx, argv.slice(1).map(quote).join(' ')),
};

function quote(a: string): string {
  return /[\s'"]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a;
}

/**
 * The AWS CLI inside a guest, with the instance's role. A call a daemon makes (a notify script)
 * is an event on the timeline, with its result: it is how a failover changes what AWS knows.
 */
function awsInGuest(ctx: ShellContext, line: string): ShellResult {
  const before = ctx.state.topology;
  // an instance without an instance profile has no credentials: the CLI stops before any call (A-RS9)
  const noRole = before.instances.find((i) => i.id === ctx.instanceId)?.iamInstanceProfile === 'none';
  const r = noRole
    ? {
        ok: false as const,
        code: 'NoCredentials',
        output: 'Unable to locate credentials. You can configure credentials by running "aws configure".',
      }
    : runAwsCommand(ctx.state, line);
  if (!ctx.interactive) {
    const { action, subject } = describeApiCall(`aws ${line}`, before, ctx.state.topology);
    ctx.state.world.events.change({
      at: ctx.state.world.time,
      kind: 'api',
      instance: ctx.instanceId,
      text: r.ok ? `${action} ${subject}` : `${action} ${subject} refused: ${r.output.split('\n')[0] ?? r.code}`,
      outcome: r.ok ? 'ok' : 'failed',
    });
  }
  // the CLI's return codes: 252 a usage error, 253 no credentials or configuration, 254 the service refused
  return { output: r.output, exit: r.ok ? 0 : r.code === 'CliUsage' ? 252 : r.code === 'NoCredentials' ? 253 : 254 };
}

/**
 * Runs a script file from the guest's files, one command per line, as `sh` would: the status
 * is the last command's, `set -e` stops at the first failure, `exit N` stops with N.
 */
function runScript(
  state: ControlState,
  instanceId: string,
  path: string,
  interactive: boolean,
  depth: number,
): ShellResult {
  const inst = state.network.instances.get(instanceId)!;
  const file = readGuestFile(state.network, inst, path);
  if (!file) return err(`sh: 0: cannot open ${path}: No such file`, 127);
  const parsed = scriptCommands(file.content, normalizePath(path));
  if (!parsed.ok) return err(parsed.problems.map((p) => p.message).join('\n'), 2);
  const out: string[] = [];
  let exit = 0;
  let errexit = false;
  for (const { cmd } of parsed.value) {
    const words = cmd.split(/\s+/);
    if (words[0] === 'set' && words.includes('-e')) errexit = true;
    const r = runLine(state, instanceId, cmd, interactive, depth + 1);
    if (r.output !== '') out.push(r.output);
    exit = r.exit;
    if (words[0] === 'exit' || (errexit && exit !== 0)) break;
  }
  return { output: out.join('\n'), exit };
}

function runLine(
  state: ControlState,
  instanceId: string,
  line: string,
  interactive: boolean,
  depth: number,
): ShellResult {
  const stages = splitPipeline(line);
  if (!Array.isArray(stages)) return err(`bash: ${stages.error}`, 2);
  if (stages.length > 1) {
    const first = runCommandLine(state, instanceId, stages[0]!, interactive, depth);
    return pipeThrough(stages.slice(1), first, commandFailed(stages[0]!, first), tokenize);
  }
  return runCommandLine(state, instanceId, line, interactive, depth);
}

function runCommandLine(
  state: ControlState,
  instanceId: string,
  line: string,
  interactive: boolean,
  depth: number,
): ShellResult {
  const tokens = tokenize(line.trim());
  if (!Array.isArray(tokens)) return err(`bash: ${tokens.error}`, 2);
  const argv = tokens[0] === 'sudo' ? tokens.slice(1) : tokens;
  if (argv.length === 0) return ok();
  const [name, ...args] = argv as [string, ...string[]];
  const script =
    name === 'sh' || name === 'bash' ? args.find((a) => !a.startsWith('-')) : name.includes('/') ? name : undefined;
  if (name === 'sh' || name === 'bash') {
    if (!script) return err(`${name}: this console runs one command at a time: ${name} <script>`, 2);
  }
  if (script !== undefined) {
    if (depth >= MAX_SCRIPT_DEPTH) return err(`sh: ${script}: scripts nested too deep`, 2);
    return runScript(state, instanceId, script, interactive, depth);
  }
  const command = (COMMANDS as Record<string, Command | undefined>)[name];
  if (!command) return err(`bash: ${name}: command not found`, 127);
  return command(new ShellContext(state, instanceId, interactive), argv);
}

/**
 * Runs one command line inside a VM, with the real tools' output formats. A hung or stopped
 * instance answers nothing. Unknown commands get bash's error.
 */
export function runShellCommand(
  state: ControlState,
  instanceId: string,
  line: string,
  interactive = true,
): ShellResult {
  const inst = state.network.instances.get(instanceId);
  // an on-premises router (level 13's r-dc) has a shell of its own: FRR, its journal, its routes
  const router = inst ? undefined : state.topology.onPremisesRouters.find((r) => r.id === instanceId);
  if (router) return runRouterCommand(state, router, line);
  if (!inst) return err(`ssh: Could not resolve hostname ${instanceId}: Name or service not known`, 255);
  if (inst.state !== 'running')
    return err(`ssh: connect to host ${instanceId} port 22: Connection timed out (the instance is ${inst.state})`, 255);
  if (state.world.failed.has(instanceId))
    return err(`ssh: connect to host ${instanceId} port 22: Connection timed out (the instance has hung)`, 255);
  const result = runLine(state, instanceId, line, interactive, 0);
  return { ...result, output: boundOutput(result.output) };
}

/** Exit codes that report what the network did (no reply, refused, timed out), not a broken command. */
const NETWORK_OUTCOMES: Record<string, number[]> = {
  ping: [1],
  nc: [1],
  ncat: [1],
  netcat: [1],
  curl: [7, 22, 28],
  arping: [1],
  // a unit that is not running answers `status` with 3: that is what the learner asked
  systemctl: [3],
  // grep found nothing: an answer, not a mistake
  grep: [1],
  egrep: [1],
  fgrep: [1],
};

/** True when a command failed as a command (unknown, bad flags, refused change), not as an experiment. */
export function commandFailed(line: string, result: ShellResult): boolean {
  if (result.exit === 0) return false;
  const stages = splitPipeline(line);
  const last = Array.isArray(stages) ? stages.at(-1)! : line;
  const words = last.trim().split(/\s+/);
  const name = words[0] === 'sudo' ? words[1] : words[0];
  return !(NETWORK_OUTCOMES[name ?? ''] ?? []).includes(result.exit);
}
