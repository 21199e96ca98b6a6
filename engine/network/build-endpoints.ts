import { ListenSchema } from '../model/guest-os';
import { buildServiceEni } from './build-service-eni';
import type { BuildContext } from './context';
import { resolveGroups } from './build-interfaces';
import type { VpcEndpointNode } from './network';

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
      const eni = buildServiceEni(ctx, e, vpc, `${path}.interfaces[${k}]`, {
        groups: (sn) => resolveGroups(ctx, spec.securityGroups, sn, `${path}.securityGroups`),
        owner: { endpoint: node },
        wrongVpc: 'InvalidParameterValue',
      });
      if (eni) node.enis.push(eni);
    });
    ctx.network.vpcEndpoints.set(spec.id, node);
  });
}
