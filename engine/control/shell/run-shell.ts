import { ipToString } from '../../net/ipv4';
import type { ControlState } from '../control-state';
import { tokenize } from '../aws/cli-args';
import { runAwsCommand } from '../aws/run-aws';
import { ipCommand } from './ip-command';
import { boundOutput } from './bounds';
import { err, ok, ShellContext, type ShellResult } from './shell-context';
import { iptables, sysctl } from './system-commands';
import { tcpdump } from './tcpdump';
import { arping, curl, nc, ping, traceroute } from './traffic-commands';

type Command = (ctx: ShellContext, argv: string[]) => ShellResult;

const COMMANDS: Record<string, Command> = {
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
  hostname: (ctx) => ok(`ip-${ipToString(ctx.instance.enis[0]!.primaryIp).replace(/\./g, '-')}`),
  echo: (_ctx, argv) => ok(argv.slice(1).join(' ')),
  true: () => ok(),
  false: () => err('', 1),
  journalctl: (ctx, argv) => journal(ctx, argv),
  aws: (ctx, argv) => {
    const r = runAwsCommand(ctx.state, argv.slice(1).map(quote).join(' '));
    return { output: r.output, exit: r.ok ? 0 : r.code === 'CliUsage' ? 252 : 254 };
  },
};

function quote(a: string): string {
  return /[\s'"]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a;
}

function journal(ctx: ShellContext, argv: string[]): ShellResult {
  const unit = argv.includes('-u') ? argv[argv.indexOf('-u') + 1] : undefined;
  const lines = (ctx.state.world.logs.get(ctx.instanceId) ?? []).filter(
    (l) => !unit || l.unit === unit.replace(/\.service$/, ''),
  );
  if (lines.length === 0) return ok('-- No entries --');
  return ok(
    lines
      .map((l) => `${l.at} ${ctx.instanceId} ${l.unit}[${l.unit === 'keepalived' ? 1201 : 1302}]: ${l.text}`)
      .join('\n'),
  );
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
  if (!inst) return err(`ssh: Could not resolve hostname ${instanceId}: Name or service not known`, 255);
  if (inst.state !== 'running')
    return err(`ssh: connect to host ${instanceId} port 22: Connection timed out (the instance is ${inst.state})`, 255);
  if (state.world.failed.has(instanceId))
    return err(`ssh: connect to host ${instanceId} port 22: Connection timed out (the instance has hung)`, 255);
  const tokens = tokenize(line.trim());
  if (!Array.isArray(tokens)) return err(`bash: ${tokens.error}`, 2);
  const argv = tokens[0] === 'sudo' ? tokens.slice(1) : tokens;
  if (argv.length === 0) return ok();
  const command = COMMANDS[argv[0]!];
  if (!command) return err(`bash: ${argv[0]}: command not found`, 127);
  const result = command(new ShellContext(state, instanceId, interactive), argv);
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
};

/** True when a command failed as a command (unknown, bad flags, refused change), not as an experiment. */
export function commandFailed(line: string, result: ShellResult): boolean {
  if (result.exit === 0) return false;
  const words = line.trim().split(/\s+/);
  const name = words[0] === 'sudo' ? words[1] : words[0];
  return !(NETWORK_OUTCOMES[name ?? ''] ?? []).includes(result.exit);
}
