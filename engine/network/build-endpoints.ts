import { ListenSchema } from '../model/guest-os';
import { claimAddress, firstFreeAddress } from './build-addressing';
import type { BuildContext } from './context';
import { resolveGroups } from './build-interfaces';
import type { EniNode, VpcEndpointNode } from './network';

/** What an endpoint answers when the lab does not say: HTTPS. */
const HTTPS = [ListenSchema.parse('tcp/443')];

/**
 * VPC endpoints: a gateway endpoint is a route target in its VPC; an interface endpoint is a
 * network interface in each of its subnets, with security groups, holding a private address the
 * service answers on.
 */
export function buildVpcEndpoints(ctx: BuildContext): void {
  ctx.topology.vpcEndpoints.forEach((spec, i) => {
    const path = `topology.vpcEndpoints[${i}]`;
    if (!ctx.declare(spec.id, 'vpc-endpoint', path)) return;
    if (!ctx.ref(spec.vpc, ['vpc'], `${path}.vpc`)) return;
    const vpc = ctx.network.vpcs.get(spec.vpc)!;
    const node: VpcEndpointNode = {
      id: spec.id,
      vpc,
      type: spec.type,
      service: spec.service,
      enis: [],
      listen: spec.listen ?? HTTPS,
    };
    if (spec.type === 'gateway' && spec.interfaces.length > 0)
      ctx.problem(`${path}.interfaces`, 'a gateway endpoint has no network interfaces (it is a route target)');
    spec.interfaces.forEach((e, k) => {
      const at = `${path}.interfaces[${k}]`;
      if (!ctx.declare(e.id, 'network-interface', at)) return;
      if (!ctx.ref(e.subnet, ['subnet'], `${at}.subnet`)) return;
      const subnet = ctx.network.subnets.get(e.subnet)!;
      if (subnet.vpc !== vpc) {
        ctx.problem(`${at}.subnet`, `${e.subnet} is not in ${vpc.id}`, 'InvalidParameterValue');
        return;
      }
      const ip =
        e.privateIp !== undefined
          ? claimAddress(ctx, subnet, e.privateIp, `${at}.privateIp`)
          : firstFreeAddress(subnet, ctx.askedAddresses());
      if (ip === undefined) return;
      const eni: EniNode = {
        id: e.id,
        subnet,
        vpc,
        primaryIp: ip,
        ips: [ip],
        ipSet: new Set([ip]),
        publicByPrivate: new Map(),
        mac: `0e:fe:${[24, 16, 8, 0].map((s) => ((ip >>> s) & 255).toString(16).padStart(2, '0')).join(':')}`,
        securityGroups: resolveGroups(ctx, spec.securityGroups, subnet, `${path}.securityGroups`),
        sourceDestCheck: true,
        deviceIndex: 0,
        endpoint: node,
      };
      vpc.ipOwners.set(ip, eni);
      ctx.network.enis.set(eni.id, eni);
      for (const g of eni.securityGroups) g.memberIps.add(ip);
      node.enis.push(eni);
    });
    ctx.network.vpcEndpoints.set(spec.id, node);
  });
}
