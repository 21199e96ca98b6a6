import { claimAddress, firstFreeAddress } from './build-addressing';
import type { BuildContext } from './context';
import type { EniNode, SecurityGroupNode, SubnetNode, VpcNode } from './network';

/**
 * A network interface AWS makes for a service (an interface endpoint's, a load balancer
 * node's): declared, in a subnet of the service's VPC (`wrongVpc` is AWS's code otherwise) that
 * `accept` does not refuse, with an address, the lab's or the first free one, security groups,
 * and a MAC derived from the address. It owns its address in the VPC (R23).
 */
export function buildServiceEni(
  ctx: BuildContext,
  spec: { id: string; subnet: string; privateIp?: string | undefined },
  vpc: VpcNode,
  path: string,
  how: {
    groups: (subnet: SubnetNode) => SecurityGroupNode[];
    owner: Pick<EniNode, 'endpoint' | 'loadBalancer'>;
    wrongVpc: string;
    accept?: (subnet: SubnetNode) => { message: string; code: string } | undefined;
  },
): EniNode | undefined {
  if (!ctx.declare(spec.id, 'network-interface', path)) return undefined;
  if (!ctx.ref(spec.subnet, ['subnet'], `${path}.subnet`)) return undefined;
  const subnet = ctx.network.subnets.get(spec.subnet)!;
  const refused =
    subnet.vpc !== vpc ? { message: `${spec.subnet} is not in ${vpc.id}`, code: how.wrongVpc } : how.accept?.(subnet);
  if (refused) {
    ctx.problem(`${path}.subnet`, refused.message, refused.code);
    return undefined;
  }
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
    securityGroups: how.groups(subnet),
    sourceDestCheck: true,
    deviceIndex: 0,
    ...how.owner,
  };
  subnet.vpc.ipOwners.set(ip, eni);
  ctx.network.enis.set(eni.id, eni);
  for (const g of eni.securityGroups) g.memberIps.add(ip);
  return eni;
}
