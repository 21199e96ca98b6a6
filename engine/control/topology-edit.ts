import type { Instance } from '../model/instance';
import type { NetworkAcl } from '../model/network-acl';
import type { NetworkInterface } from '../model/network-interface';
import type { RouteTable } from '../model/route-table';
import type { SecurityGroup } from '../model/security-group';
import type { Topology } from '../model/topology';
import type { AwsFailure } from './control-state';

/**
 * Finders over a topology being edited. The implicit resources of a VPC (main route table,
 * default network ACL, default security group) are written into the topology the first
 * time a call touches them, with AWS's defaults, so the edit has something to change.
 */
export function routeTableIn(t: Topology, id: string): RouteTable | AwsFailure {
  return foundOrImplicit(
    t,
    t.routeTables,
    id,
    { prefix: 'rtb-main-', isImplicit: (r) => r.main, code: 'InvalidRouteTableID.NotFound', what: 'route table' },
    (vpc) => ({ id, vpc, main: true, subnets: [], gateways: [], propagatingGateways: [], routes: [] }),
  );
}

export function networkAclIn(t: Topology, id: string): NetworkAcl | AwsFailure {
  const all = () => [{ rule: 100, protocol: -1, cidr: '0.0.0.0/0', action: 'allow' as const }];
  return foundOrImplicit(
    t,
    t.networkAcls,
    id,
    { prefix: 'acl-default-', isImplicit: (a) => a.default, code: 'InvalidNetworkAclID.NotFound', what: 'network ACL' },
    (vpc) => ({ id, vpc, default: true, subnets: [], inbound: all(), outbound: all() }),
  );
}

export function securityGroupIn(t: Topology, id: string): SecurityGroup | AwsFailure {
  return foundOrImplicit(
    t,
    t.securityGroups,
    id,
    { prefix: 'sg-default-', isImplicit: (g) => g.default, code: 'InvalidGroup.NotFound', what: 'security group' },
    (vpc) => ({ id, vpc, default: true }),
  );
}

/**
 * The resource with this id, or the VPC's implicit one (named `<prefix><vpc id>`) written in
 * with AWS's defaults the first time it is touched; not found when the VPC has none to give.
 */
function foundOrImplicit<T extends { id: string; vpc: string }>(
  t: Topology,
  list: T[],
  id: string,
  kind: { prefix: string; isImplicit: (x: T) => boolean | undefined; code: string; what: string },
  make: (vpc: string) => T,
): T | AwsFailure {
  const found = list.find((x) => x.id === id);
  if (found) return found;
  const vpc = implicitVpc(t, id, kind.prefix);
  if (!vpc || list.some((x) => x.vpc === vpc && kind.isImplicit(x))) return notFound(kind.code, kind.what, id);
  const made = make(vpc);
  list.push(made);
  return made;
}

export function instanceIn(t: Topology, id: string): Instance | AwsFailure {
  return t.instances.find((i) => i.id === id) ?? notFound('InvalidInstanceID.NotFound', 'instance', id);
}

/** An ENI wherever it is: on an instance, or unattached. */
export function eniIn(t: Topology, id: string): { eni: NetworkInterface; instance?: Instance } | AwsFailure {
  for (const instance of t.instances) {
    const eni = instance.interfaces.find((n) => n.id === id);
    if (eni) return { eni, instance };
  }
  const eni = t.networkInterfaces.find((n) => n.id === id);
  return eni ? { eni } : notFound('InvalidNetworkInterfaceID.NotFound', 'network interface', id);
}

function implicitVpc(t: Topology, id: string, prefix: string): string | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const vpc = id.slice(prefix.length);
  return t.vpcs.some((v) => v.id === vpc) ? vpc : undefined;
}

export function notFound(code: string, what: string, id: string): AwsFailure {
  return { code, message: `The ${what} '${id}' does not exist` };
}

export function isFailure(x: unknown): x is AwsFailure {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x && !('id' in x);
}
