import type { Problem } from '../../model/problems';
import type { Ec2NetworkInterface } from './ec2-records';
import type { Collected } from './import-snapshot';
import { elbId } from '../../model/load-balancer';

type Out = Record<string, unknown>;
type Attributes = { Key?: string; Value?: string }[];

interface ElbLoadBalancer {
  LoadBalancerArn?: string;
  Type?: string;
  Scheme?: string;
  VpcId?: string;
  State?: { Code?: string };
  SecurityGroups?: string[];
  AvailabilityZones?: { SubnetId?: string; LoadBalancerAddresses?: { PrivateIPv4Address?: string }[] }[];
}
interface ElbListener {
  LoadBalancerArn?: string;
  Port?: number;
  Protocol?: string;
  DefaultActions?: {
    Type?: string;
    TargetGroupArn?: string;
    ForwardConfig?: { TargetGroups?: { TargetGroupArn?: string }[] };
  }[];
}
interface ElbTargetGroup {
  TargetGroupArn?: string;
  Protocol?: string;
  Port?: number;
  TargetType?: string;
  VpcId?: string;
}
interface ElbTargetHealth {
  TargetGroupArn?: string;
  TargetHealthDescriptions?: { Target?: { Id?: string; Port?: number }; TargetHealth?: { State?: string } }[];
}

const NLB_PROTOCOLS = new Set(['TCP', 'UDP', 'TCP_UDP', 'TLS']);
const HEALTH = new Set(['healthy', 'unhealthy', 'initial', 'draining', 'unused']);

function records<T>(collected: Collected, key: keyof Collected): { file: string; record: T }[] {
  return collected[key] as { file: string; record: T }[];
}

/**
 * Internal Network Load Balancers from `aws elbv2` outputs: describe-load-balancers (the
 * subnets), describe-listeners (per balancer, `LoadBalancerListeners`, or a plain `Listeners`
 * list), describe-load-balancer-attributes (cross-zone), describe-target-groups,
 * describe-target-health and describe-target-group-attributes (client IP preservation). Each
 * node is the `network_load_balancer` interface describe-network-interfaces lists in its
 * subnet. Application, Gateway and internet-facing balancers are reported, not modelled.
 */
export function convertLoadBalancers(collected: Collected, out: Out, warnings: Problem[]): void {
  const vpcIds = new Set((out.vpcs as { id: string }[]).map((v) => v.id));
  const attrs = new Map<string, Attributes>();
  for (const { record } of records<{ LoadBalancerArn?: string; TargetGroupArn?: string; Attributes?: Attributes }>(
    collected,
    'LoadBalancerAttributes',
  ))
    if (record.LoadBalancerArn) attrs.set(record.LoadBalancerArn, record.Attributes ?? []);
  for (const { record } of records<{ TargetGroupArn?: string; Attributes?: Attributes }>(
    collected,
    'TargetGroupAttributes',
  ))
    if (record.TargetGroupArn) attrs.set(record.TargetGroupArn, record.Attributes ?? []);
  const attr = (arn: string, key: string) => attrs.get(arn)?.find((a) => a.Key === key)?.Value;
  const listeners: ElbListener[] = [
    ...records<{ LoadBalancerArn?: string; Listeners?: ElbListener[] }>(collected, 'LoadBalancerListeners').flatMap(
      ({ record }) => (record.Listeners ?? []).map((l) => ({ LoadBalancerArn: record.LoadBalancerArn, ...l })),
    ),
    ...records<ElbListener>(collected, 'Listeners').map((r) => r.record),
  ];
  const health = new Map<string, ElbTargetHealth['TargetHealthDescriptions']>();
  for (const { record } of records<ElbTargetHealth>(collected, 'LoadBalancerTargetHealth'))
    if (record.TargetGroupArn) health.set(record.TargetGroupArn, record.TargetHealthDescriptions ?? []);
  const lbEnis = records<Ec2NetworkInterface & { Description?: string }>(collected, 'NetworkInterfaces')
    .map((r) => r.record)
    .filter((n) => n.InterfaceType === 'network_load_balancer');

  const groups: Out[] = [];
  const groupIds = new Set<string>();
  for (const { file, record } of records<ElbTargetGroup>(collected, 'TargetGroups')) {
    const arn = record.TargetGroupArn;
    if (!arn || groupIds.has(elbId(arn)) || !record.VpcId || !vpcIds.has(record.VpcId)) continue;
    const protocol = (record.Protocol ?? 'TCP').toUpperCase();
    const type = (record.TargetType ?? 'instance').toLowerCase();
    if (!NLB_PROTOCOLS.has(protocol) || (type !== 'instance' && type !== 'ip')) {
      warnings.push({
        path: `${file}: ${elbId(arn)}`,
        message: `a ${protocol} target group of ${type} targets is not modelled (only Network Load Balancers)`,
      });
      continue;
    }
    const preserve = attr(arn, 'preserve_client_ip.enabled');
    groups.push({
      id: elbId(arn),
      vpc: record.VpcId,
      type,
      protocol: protocol.toLowerCase(),
      port: record.Port ?? 80,
      ...(preserve !== undefined ? { preserveClientIp: preserve === 'true' } : {}),
      targets: (health.get(arn) ?? []).flatMap((d) => {
        const id = d.Target?.Id;
        if (!id) return [];
        const state = d.TargetHealth?.State ?? 'healthy';
        return [
          { id, ...(d.Target?.Port ? { port: d.Target.Port } : {}), health: HEALTH.has(state) ? state : 'unhealthy' },
        ];
      }),
    });
    groupIds.add(elbId(arn));
  }

  const balancers: Out[] = [];
  for (const { file, record } of records<ElbLoadBalancer>(collected, 'LoadBalancers')) {
    const arn = record.LoadBalancerArn;
    if (!arn || balancers.some((b) => b.id === elbId(arn))) continue;
    const id = elbId(arn);
    const state = record.State?.Code ?? 'active';
    if (state !== 'active' && state !== 'active_impaired') continue;
    if (record.Type !== 'network' || record.Scheme === 'internet-facing') {
      warnings.push({
        path: `${file}: ${id}`,
        message: `an ${record.Scheme ?? 'internal'} ${record.Type ?? 'unknown'} load balancer is not modelled (only internal Network Load Balancers)`,
      });
      continue;
    }
    if (!record.VpcId || !vpcIds.has(record.VpcId)) continue;
    const nodes = (record.AvailabilityZones ?? []).flatMap((z) => {
      if (!z.SubnetId) return [];
      // AWS describes a node's interface as `ELB net/<name>/<hex>`; one without a description
      // is the node when it is the only balancer interface in that subnet
      const inSubnet = lbEnis.filter((n) => n.SubnetId === z.SubnetId);
      const eni =
        inSubnet.find((n) => (n.Description ?? '').endsWith(id)) ??
        (inSubnet.length === 1 && !inSubnet[0]!.Description ? inSubnet[0] : undefined);
      const ip =
        eni?.PrivateIpAddress ?? z.LoadBalancerAddresses?.find((a) => a.PrivateIPv4Address)?.PrivateIPv4Address;
      return [
        {
          id: eni?.NetworkInterfaceId ?? `eni-import-${id.split('/')[2]}-${z.SubnetId}`,
          subnet: z.SubnetId,
          ...(ip ? { privateIp: ip } : {}),
        },
      ];
    });
    if (nodes.length === 0) continue;
    balancers.push({
      id,
      vpc: record.VpcId,
      nodes,
      crossZone: attr(arn, 'load_balancing.cross_zone.enabled') === 'true',
      securityGroups: record.SecurityGroups ?? [],
      listeners: listeners
        .filter((l) => l.LoadBalancerArn === arn && l.Port && NLB_PROTOCOLS.has((l.Protocol ?? '').toUpperCase()))
        .flatMap((l) => {
          const action = (l.DefaultActions ?? []).find((a) => a.Type === 'forward');
          const tg = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
          if (!tg || !groupIds.has(elbId(tg))) return [];
          return [{ protocol: l.Protocol!.toLowerCase(), port: l.Port!, targetGroup: elbId(tg) }];
        }),
    });
  }
  out.targetGroups = groups;
  out.loadBalancers = balancers;
}
