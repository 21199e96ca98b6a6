import { cloneData } from '../model/clone';
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
  const found = t.routeTables.find((r) => r.id === id);
  if (found) return found;
  const vpc = implicitVpc(t, id, 'rtb-main-');
  if (!vpc || t.routeTables.some((r) => r.vpc === vpc && r.main)) return notFound('InvalidRouteTableID.NotFound', 'route table', id);
  const table: RouteTable = { id, vpc, main: true, subnets: [], gateways: [], propagatingGateways: [], routes: [] };
  t.routeTables.push(table);
  return table;
}

export function networkAclIn(t: Topology, id: string): NetworkAcl | AwsFailure {
  const found = t.networkAcls.find((a) => a.id === id);
  if (found) return found;
  const vpc = implicitVpc(t, id, 'acl-default-');
  if (!vpc || t.networkAcls.some((a) => a.vpc === vpc && a.default)) return notFound('InvalidNetworkAclID.NotFound', 'network ACL', id);
  const all = [{ rule: 100, protocol: -1, cidr: '0.0.0.0/0', action: 'allow' as const }];
  const acl: NetworkAcl = { id, vpc, default: true, subnets: [], inbound: cloneData(all), outbound: cloneData(all) };
  t.networkAcls.push(acl);
  return acl;
}

export function securityGroupIn(t: Topology, id: string): SecurityGroup | AwsFailure {
  const found = t.securityGroups.find((g) => g.id === id);
  if (found) return found;
  const vpc = implicitVpc(t, id, 'sg-default-');
  if (!vpc || t.securityGroups.some((g) => g.vpc === vpc && g.default)) return notFound('InvalidGroup.NotFound', 'security group', id);
  const group: SecurityGroup = { id, vpc, default: true };
  t.securityGroups.push(group);
  return group;
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
