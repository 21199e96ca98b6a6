import { cidrContains, parseIp } from '../net/ipv4';
import type { Network } from '../network/network';

/**
 * What ARP answers a guest: AWS's mapping service, not the target guest, replies — and
 * only for addresses assigned through the API in the asker's own subnet, plus the subnet
 * router (R23, A5). Returns the answering ENI's id, `router`, or `unresolved`.
 */
export function resolveArp(network: Network, from: string, ipText: string): string | { error: string } {
  const instance = network.instances.get(from) ?? network.enis.get(from)?.instance;
  if (!instance) return { error: `from: "${from}" is not an instance or an attached interface` };
  const ip = parseIp(ipText)!;
  for (const eni of instance.enis) {
    const subnet = eni.subnet;
    if (!cidrContains(subnet.cidr, ip)) continue;
    if (ip === subnet.routerIp || ip === subnet.vpc.dnsIp) return 'router';
    const owner = subnet.vpc.ipOwners.get(ip);
    if (owner && owner.subnet === subnet) return owner.natGateway ? owner.natGateway.id : owner.id;
  }
  return 'unresolved';
}
