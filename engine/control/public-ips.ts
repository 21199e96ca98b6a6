import { ipToString, parseIp } from '../net/ipv4';
import type { Topology } from '../model/topology';

/**
 * Amazon's pool of public IPv4 addresses, as far as the simulator needs one: the addresses
 * `allocate-address` and an auto-assigned public IP (R17) are taken from, first free first, so
 * a replay gives the same address. 44.192.0.0/16 is an Amazon range of us-east-1; labs use the
 * documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), which it never meets.
 */
const POOL_START = parseIp('44.192.1.10')!;
const POOL_SIZE = 60_000;

/** Every public IPv4 address the topology already holds or names. */
function publicIpsIn(t: Topology): Set<string> {
  const used = new Set<string>();
  for (const e of t.elasticIps) used.add(e.publicIp);
  for (const n of [...t.instances.flatMap((i) => i.interfaces), ...t.networkInterfaces])
    if (n.publicIp) used.add(n.publicIp);
  for (const n of t.natGateways) if (n.publicIp) used.add(n.publicIp);
  for (const h of t.externalHosts) used.add(h.ip);
  return used;
}

/** The next free address of Amazon's pool, or undefined when (absurdly) all are taken. */
export function nextPublicIp(t: Topology): string | undefined {
  const used = publicIpsIn(t);
  for (let i = 0; i < POOL_SIZE; i++) {
    const ip = ipToString(POOL_START + i);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}
