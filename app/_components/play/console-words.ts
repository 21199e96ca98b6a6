import { WAITERS } from '@/engine/control/aws/waiters';
import type { Allowed } from '@/engine/grade/challenge';
import { allowedCommands, allowedOperations } from '@/engine/grade/permission-help';
import { shellAllowed } from '@/engine/grade/permissions';

/** Whole command lines the shell offers to complete, where the level allows them. */
const SHELL_LINES = [
  'ip addr',
  'ip -4 addr show dev eth0',
  'ip -4 addr show dev eth1',
  'ip route',
  'ip neigh',
  'ping -c 3 ',
  'tcpdump -ni eth0',
  'tcpdump -ni eth1 ip proto 112',
  'arping -c 3 -I eth0 ',
  'nc -zv -w 3 ',
  'curl -s http://169.254.169.254/latest/meta-data/',
  'traceroute ',
  'journalctl -u keepalived',
  'journalctl -u frr',
  'cat /etc/keepalived/keepalived.conf',
  'cat /etc/frr/frr.conf',
  'cat /etc/sysctl.conf',
  'ls /etc/keepalived',
  'nano /etc/keepalived/keepalived.conf',
  'systemctl status keepalived',
  'systemctl restart keepalived',
  'systemctl status frr',
  'vtysh -c "show ip bgp summary"',
  'vtysh -c "show ip route"',
  'vtysh -c "show bgp ipv4 unicast"',
];

/**
 * What the console completes on a target: the calls and commands this level allows there (Tab
 * never offers what the level then refuses), and `help`.
 */
export function commandsFor(allowed: Allowed, target: string): string[] {
  if (target === 'aws') {
    const ops = allowedOperations(allowed).map((o) => o.operation);
    // a waiter is offered where its describe call is allowed and time may pass
    const waits = allowed.simulator.wait
      ? Object.entries(WAITERS)
          .filter(([, w]) => ops.includes(w.describe))
          .map(([name]) => `aws ec2 wait ${name}`)
      : [];
    return [...ops.map((o) => `aws ec2 ${o}`), ...waits, 'aws help'];
  }
  if (target === 'simulator') {
    const out = ['help'];
    if (allowed.simulator.fail.length > 0) out.push('fail ', 'recover ');
    if (allowed.simulator.wait) out.push('wait 5', 'wait 30', 'wait settled', 'run', 'pause');
    return out;
  }
  const lines = SHELL_LINES.filter((l) => shellAllowed(allowed, target, l.trim()).ok);
  const prefixes = allowedCommands(allowed, target).map((c) => c.command);
  return [...new Set([...lines, ...prefixes, 'help'])];
}

/** Whether a console line asks for help on its target (`help`, `aws help`, `aws ec2 help`, `man`). */
export function isHelp(target: string, command: string): boolean {
  const c = command.trim().replace(/\s+/g, ' ');
  if (target === 'aws') return /^(aws )?(ec2 )?help$/.test(c) || c === 'help';
  return c === 'help' || c === '?';
}

/** The commands that open a file in the page's editor instead of running in the VM. */
export const EDITOR = /^(?:sudo\s+)?(?:nano|vi|vim|edit)\s+(\S+)\s*$/;

/** A simulator console command as the lab step it stands for, or why it is not one. */
export function simulatorStep(command: string): Record<string, unknown> | 'run' | 'pause' | string {
  const [verb, arg, ...rest] = command.trim().split(/\s+/);
  if (verb === 'run' || verb === 'pause') return verb;
  if ((verb === 'fail' || verb === 'recover') && arg && rest.length === 0) return { [verb]: arg };
  if (verb === 'wait' && (arg === 'settled' || arg === 'until-settled')) return { wait: { until: 'settled' } };
  if (verb === 'wait' && arg && /^\d+(\.\d+)?$/.test(arg)) return { wait: Number(arg) };
  return 'the simulator takes: fail <instance>, recover <instance>, wait <seconds>, wait settled, run, pause';
}

/** Every resource and interface id of a network: what the console completes as arguments. */
export function resourceIds(t: Record<string, unknown>): string[] {
  const ids: string[] = [];
  for (const v of Object.values(t)) {
    if (!Array.isArray(v)) continue;
    for (const r of v as { id?: unknown; interfaces?: { id: string }[] }[]) {
      if (typeof r?.id === 'string') ids.push(r.id);
      for (const e of r?.interfaces ?? []) ids.push(e.id);
    }
  }
  return ids;
}
