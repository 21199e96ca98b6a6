import type { Listener } from '../../model/guest-os';
import { hasPorts, protocolName, TCP, UDP } from '../../net/protocols';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

/**
 * `ss` from iproute2: the guest's listening sockets (`-l`), TCP (`-t`) and UDP (`-u`), numeric
 * (`-n`); `-p` names no process, as the guest model has none. Established connections are not
 * kept by the simulator: without `-l`, `ss` lists none (what the header alone says).
 */
export function ss(ctx: ShellContext, argv: string[]): ShellResult {
  const flags = new Set<string>();
  for (const a of argv.slice(1)) {
    if (!/^-[a-zA-Z]+$/.test(a))
      return err(`ss: bad option "${a}": this console lists sockets with -t -u -l -n -p -a`, 1);
    for (const f of a.slice(1)) {
      if (!'tulnpa4'.includes(f)) return err(`ss: invalid option -- '${f}'`, 1);
      flags.add(f);
    }
  }
  const tcp = flags.has('t') || !flags.has('u');
  const udp = flags.has('u') || !flags.has('t');
  const listening = flags.has('l') || flags.has('a');
  const header = `${'Netid'.padEnd(6)} ${'State'.padEnd(7)} Recv-Q Send-Q ${'Local Address:Port'.padStart(20)}  ${'Peer Address:Port'.padEnd(18)}`;
  const listen = ctx.stack.listen;
  const rows: string[] = [];
  if (listening) {
    const all: Listener[] = listen === 'all' ? [{ protocol: -1, ports: { from: 0, to: 65535 } }] : [...listen];
    for (const l of all) {
      for (const p of l.protocol === -1 ? [TCP, UDP] : [l.protocol]) {
        if ((p === TCP && !tcp) || (p === UDP && !udp) || !hasPorts(p)) continue;
        const port = l.ports
          ? l.ports.from === l.ports.to
            ? String(l.ports.from)
            : `${l.ports.from}-${l.ports.to}`
          : '*';
        rows.push(
          `${protocolName(p).padEnd(6)} ${(p === TCP ? 'LISTEN' : 'UNCONN').padEnd(7)} 0      ${p === TCP ? '4096' : '0   '}   ${`0.0.0.0:${port}`.padStart(20)}  ${'0.0.0.0:*'.padEnd(18)}`,
        );
      }
    }
  }
  return ok([header, ...rows].join('\n').replace(/ +$/gm, ''));
}
