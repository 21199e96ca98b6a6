import { claimAddress, firstFreeAddress } from './build-addressing';
import type { BuildContext } from './context';
import type { EniNode, SecurityGroupNode, SubnetNode } from './network';

/**
 * A network interface AWS makes for a service (an interface endpoint's, a load balancer
 * node's): an address in its subnet, the lab's or the first free one, security groups, and a
 * MAC derived from the address. It owns its address in the VPC (R23).
 */
export function buildServiceEni(
  ctx: BuildContext,
  spec: { id: string; privateIp?: string | undefined },
  subnet: SubnetNode,
  path: string,
  groups: (subnet: SubnetNode) => SecurityGroupNode[],
  owner: Pick<EniNode, 'endpoint' | 'loadBalancer'>,
): EniNode | undefined {
  const ip =
    spec.privateIp !== undefined
      ? claimAddress(ctx, subnet, spec.privateIp, `${path}.privateIp`)
      : firstFreeAddress(subnet, ctx.askedAddresses());
  if (ip === undefined) return undefined;
  const eni: EniNode = {
    id: spec.id,
    subnet,
    vpc: subnet.vpc,
    primaryIp: ip,
    ips: [ip],
    ipSet: new Set([ip]),
    publicByPrivate: new Map(),
    mac: `0e:fe:${[24, 16, 8, 0].map((s) => ((ip >>> s) & 255).toString(16).padStart(2, '0')).join(':')}`,
    securityGroups: groups(subnet),
    sourceDestCheck: true,
    deviceIndex: 0,
    ...owner,
  };
  subnet.vpc.ipOwners.set(ip, eni);
  ctx.network.enis.set(eni.id, eni);
  for (const g of eni.securityGroups) g.memberIps.add(ip);
  return eni;
}
