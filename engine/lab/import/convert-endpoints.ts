import type { Problem } from '../../model/problems';
import type { Ec2NetworkInterface } from './ec2-records';
import { isLive } from './ec2-records';
import type { Collected } from './import-snapshot';

type Out = Record<string, unknown>;

interface Ec2VpcEndpoint {
  VpcEndpointId?: string;
  VpcId?: string;
  VpcEndpointType?: string;
  ServiceName?: string;
  State?: string;
  RouteTableIds?: string[];
  NetworkInterfaceIds?: string[];
  Groups?: { GroupId?: string }[];
  PolicyDocument?: string;
}

/** The policy as the lab keeps it: compact JSON; what is not JSON is left out (full access). */
function policyText(doc: string | undefined): string | undefined {
  if (doc === undefined) return undefined;
  try {
    return JSON.stringify(JSON.parse(doc));
  } catch {
    return undefined;
  }
}

/**
 * VPC endpoints from `describe-vpc-endpoints`: a gateway endpoint with the route tables it
 * serves (their prefix-list routes to it come with the route tables); an interface endpoint
 * with its network interfaces (their subnet and address from describe-network-interfaces) and
 * security groups. Gateway Load Balancer endpoints are not modelled.
 */
export function convertEndpoints(collected: Collected, out: Out, warnings: Problem[]): void {
  const vpcIds = new Set((out.vpcs as { id: string }[]).map((v) => v.id));
  const enis = new Map(
    (collected.NetworkInterfaces as { record: Ec2NetworkInterface }[]).map(({ record }) => [
      record.NetworkInterfaceId,
      record,
    ]),
  );
  const seen = new Set<string>();
  const endpoints: Out[] = [];
  for (const { file, record } of (collected.VpcEndpoints ?? []) as { file: string; record: Ec2VpcEndpoint }[]) {
    const id = record.VpcEndpointId;
    if (!id || seen.has(id) || !isLive(record.State) || !record.VpcId || !vpcIds.has(record.VpcId)) continue;
    seen.add(id);
    const type = record.VpcEndpointType?.toLowerCase();
    if (type !== 'gateway' && type !== 'interface') {
      warnings.push({
        path: `${file}: ${id}`,
        message: `a ${record.VpcEndpointType ?? 'unknown'} endpoint is not modelled yet`,
      });
      continue;
    }
    const interfaces = (record.NetworkInterfaceIds ?? []).flatMap((eniId) => {
      const n = enis.get(eniId);
      return n?.SubnetId && n.PrivateIpAddress
        ? [{ id: eniId, subnet: n.SubnetId, privateIp: n.PrivateIpAddress }]
        : [];
    });
    endpoints.push({
      id,
      vpc: record.VpcId,
      type,
      service: record.ServiceName ?? id,
      ...(type === 'gateway' ? { routeTables: record.RouteTableIds ?? [] } : { interfaces }),
      securityGroups: (record.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
      ...(policyText(record.PolicyDocument) !== undefined ? { policy: policyText(record.PolicyDocument) } : {}),
    });
  }
  out.vpcEndpoints = endpoints;
  // a route to an endpoint the snapshot does not hold, or to an interface one, cannot stand
  const gateways = new Set(endpoints.filter((e) => e.type === 'gateway').map((e) => e.id));
  for (const table of (out.routeTables ?? []) as { id: string; routes: { destination: string; target: string }[] }[])
    table.routes = table.routes.filter((r) => {
      if (!r.target.startsWith('vpce-') || gateways.has(r.target)) return true;
      warnings.push({
        path: `RouteTables: ${table.id}`,
        message: `route ${r.destination} -> ${r.target}: that endpoint is not modelled`,
      });
      return false;
    });
}
