import { printSysctl, SYSCTL_ACCEPTED, SYSCTL_CONF } from '../files/system-conf';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

/** `sysctl [-w] key[=value]`: net.ipv4.ip_forward is the guest's forwarding switch (A3). */
export function sysctl(ctx: ShellContext, argv: string[]): ShellResult {
  // `sysctl -p` applies /etc/sysctl.conf, which is the model: it prints what it set
  if (argv.includes('-p') || argv.includes('--load') || argv.includes('--system')) {
    const file = printSysctl(ctx.instance.os);
    const lines = file.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    return ok(argv.includes('--system') ? [`* Applying ${SYSCTL_CONF} ...`, ...lines].join('\n') : lines.join('\n'));
  }
  const items = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (items.length === 0) return err("sysctl: no variables specified\nTry `sysctl --help' for more information.", 255);
  const out: string[] = [];
  for (const item of items) {
    const [key, value] = item.split('=') as [string, string | undefined];
    if (key === 'net.ipv4.ip_forward') {
      if (value === undefined) {
        out.push(`net.ipv4.ip_forward = ${ctx.stack.ipForward ? 1 : 0}`);
        continue;
      }
      if (value !== '0' && value !== '1')
        return err(`sysctl: setting key "net.ipv4.ip_forward": Invalid argument`, 255);
      const failure = ctx.editOs((os) => void (os.ipForward = value === '1'));
      if (failure) return err(failure, 255);
      out.push(`net.ipv4.ip_forward = ${value}`);
    } else if (key === 'net.ipv4.ip_local_port_range') {
      // client ports come from it (traffic-commands.ts): `sysctl -w net.ipv4.ip_local_port_range="1024 65535"`
      const range = ctx.instance.os.localPortRange;
      if (value === undefined) {
        out.push(`net.ipv4.ip_local_port_range = ${range[0]}\t${range[1]}`);
        continue;
      }
      const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(value);
      const lo = m ? Number(m[1]) : NaN;
      const hi = m ? Number(m[2]) : NaN;
      if (!m || lo < 1 || hi > 65535 || lo > hi)
        return err(`sysctl: setting key "net.ipv4.ip_local_port_range": Invalid argument`, 255);
      const failure = ctx.editOs((os) => void (os.localPortRange = [lo, hi]));
      if (failure) return err(failure, 255);
      out.push(`net.ipv4.ip_local_port_range = ${lo}\t${hi}`);
    } else if (SYSCTL_ACCEPTED.has(key)) {
      out.push(`${key} = ${value ?? '0'}`);
    } else {
      return err(`sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: No such file or directory`, 255);
    }
  }
  return ok(out.join('\n'));
}

function listNat(ctx: ShellContext, spec: boolean): string {
  const dev = ctx.stack.masquerade?.name;
  if (spec)
    return [
      '-P PREROUTING ACCEPT',
      '-P INPUT ACCEPT',
      '-P OUTPUT ACCEPT',
      '-P POSTROUTING ACCEPT',
      ...(dev ? [`-A POSTROUTING -o ${dev} -j MASQUERADE`] : []),
    ].join('\n');
  const head = (chain: string) => [
    `Chain ${chain} (policy ACCEPT)`,
    'target     prot opt source               destination         ',
  ];
  return [
    ...head('PREROUTING'),
    '',
    ...head('INPUT'),
    '',
    ...head('OUTPUT'),
    '',
    ...head('POSTROUTING'),
    ...(dev ? ['MASQUERADE  all  --  0.0.0.0/0            0.0.0.0/0'] : []),
  ].join('\n');
}

function listFilter(ctx: ShellContext, spec: boolean): string {
  const stateful = ctx.stack.statefulFirewall;
  if (spec)
    return [
      '-P INPUT ACCEPT',
      `-P FORWARD ${stateful ? 'DROP' : 'ACCEPT'}`,
      '-P OUTPUT ACCEPT',
      ...(stateful
        ? [
            '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
            '-A FORWARD -m conntrack --ctstate NEW -j ACCEPT',
          ]
        : []),
    ].join('\n');
  return [
    'Chain INPUT (policy ACCEPT)',
    'target     prot opt source               destination         ',
    '',
    `Chain FORWARD (policy ${stateful ? 'DROP' : 'ACCEPT'})`,
    'target     prot opt source               destination         ',
    ...(stateful
      ? [
          'ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED',
          'ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctstate NEW',
        ]
      : []),
    '',
    'Chain OUTPUT (policy ACCEPT)',
    'target     prot opt source               destination         ',
  ].join('\n');
}

/**
 * `iptables`: lists and edits the two things the guest model knows (A3): source NAT
 * (`-t nat -A POSTROUTING -o eth0 -j MASQUERADE`) and a stateful FORWARD chain.
 */
export function iptables(ctx: ShellContext, argv: string[]): ShellResult {
  const args = argv.slice(1);
  const table = args.includes('-t') ? args[args.indexOf('-t') + 1] : 'filter';
  if (table !== 'nat' && table !== 'filter')
    return err(`iptables v1.8.8 (nf_tables): table '${table}' does not exist`, 1);
  if (args.includes('-L') || args.includes('-S') || args.includes('--list'))
    return ok(table === 'nat' ? listNat(ctx, args.includes('-S')) : listFilter(ctx, args.includes('-S')));
  const op = args.find((a) => ['-A', '-D', '-I', '-F', '-P'].includes(a));
  if (!op)
    return err(
      "iptables v1.8.8 (nf_tables): no command specified\nTry `iptables -h' or 'iptables --help' for more information.",
      2,
    );
  const text = args.join(' ');
  let failure: string | undefined;
  if (table === 'nat') {
    const m = /POSTROUTING.*-o (\S+).*-j MASQUERADE/.exec(text);
    if (op === '-F') failure = ctx.editOs((os) => void delete os.nat);
    else if (!m) return err('iptables: only "-t nat -A|-D POSTROUTING -o <dev> -j MASQUERADE" is modelled here', 2);
    else if (!ctx.stack.interfaces.some((d) => d.name === m[1]))
      return err(`Warning: weird character in interface \`${m[1]}'`, 2);
    else
      failure = ctx.editOs((os) => {
        if (op === '-D') {
          if (os.nat?.masquerade !== m[1]) return 'iptables: Bad rule (does a matching rule exist in that chain?).';
          delete os.nat;
        } else os.nat = { masquerade: m[1]! };
      });
  } else {
    if (!/FORWARD/.test(text)) return err('iptables: only the FORWARD chain is modelled here', 2);
    // Accepting only tracked connections, or dropping by policy, makes the guest a stateful firewall.
    const stateful =
      ((op === '-A' || op === '-I') && /ctstate|--state/.test(text)) || (op === '-P' && /DROP/.test(text));
    failure = ctx.editOs((os) => void (os.firewall = stateful ? 'stateful' : 'none'));
  }
  return failure ? err(failure, 1) : ok();
}
