import type { Network } from '../network/network';
import { ControlState } from '../control/control-state';
import { runAwsWords } from '../control/aws/run-aws';
import type { SnapshotFile } from './import/import-snapshot';

/** Each file of an export: its name, and the describe call whose answer it holds. */
const EC2_FILES: [file: string, call: string][] = [
  ['Vpcs', 'describe-vpcs'],
  ['Subnets', 'describe-subnets'],
  ['RouteTables', 'describe-route-tables'],
  ['InternetGateways', 'describe-internet-gateways'],
  ['NatGateways', 'describe-nat-gateways'],
  ['NetworkInterfaces', 'describe-network-interfaces'],
  ['Reservations', 'describe-instances'],
  ['SecurityGroups', 'describe-security-groups'],
  ['NetworkAcls', 'describe-network-acls'],
  ['Addresses', 'describe-addresses'],
  ['VpcPeeringConnections', 'describe-vpc-peering-connections'],
  ['TransitGateways', 'describe-transit-gateways'],
  ['TransitGatewayAttachments', 'describe-transit-gateway-attachments'],
  ['TransitGatewayVpcAttachments', 'describe-transit-gateway-vpc-attachments'],
  ['TransitGatewayRouteTables', 'describe-transit-gateway-route-tables'],
  ['VpnConnections', 'describe-vpn-connections'],
  ['VpnGateways', 'describe-vpn-gateways'],
  ['CustomerGateways', 'describe-customer-gateways'],
  ['VpcEndpoints', 'describe-vpc-endpoints'],
];

const ELBV2_FILES: [file: string, call: string][] = [
  ['LoadBalancers', 'describe-load-balancers'],
  ['TargetGroups', 'describe-target-groups'],
];

/**
 * A network written out as the folder of `aws ec2 describe-*` (and `aws elbv2 describe-*`)
 * outputs that `import:` reads: each file is what the simulator's own CLI answers, so an export
 * says exactly what a learner's describe calls say. Per-table and per-balancer answers (transit
 * gateway propagations and static routes, listeners, attributes, target health) and prefix lists
 * with their entries are written in the shapes the importer reads. Files sit under `<region>/`.
 */
export function exportSnapshot(network: Network): SnapshotFile[] {
  const state = new ControlState(network);
  const t = state.topology;
  const answer = (words: string[]): Record<string, unknown> => {
    const r = runAwsWords(state, words);
    // every call here is a plain describe the catalog declares: a refusal is a bug, not input
    if (!r.ok) throw new Error(`export: aws ${words.join(' ')} failed: ${r.output}`);
    return JSON.parse(r.output) as Record<string, unknown>;
  };
  const at = (name: string) => `${t.region}/${name}.json`;
  const files: SnapshotFile[] = EC2_FILES.map(([name, call]) => ({ path: at(name), json: answer(['ec2', call]) }));
  files.push({
    path: at('PrefixLists'),
    json: {
      PrefixLists: t.prefixLists.map((p) => ({
        PrefixListId: p.id,
        PrefixListName: p.name ?? p.id,
        Cidrs: p.entries,
      })),
    },
  });
  const tgwTables = t.transitGateways.flatMap((g) => g.routeTables.map((r) => r.id));
  files.push({
    path: at('TransitGatewayPropagations'),
    json: {
      TransitGatewayPropagations: tgwTables.map((id) => ({
        TransitGatewayRouteTableId: id,
        ...answer(['ec2', 'get-transit-gateway-route-table-propagations', '--transit-gateway-route-table-id', id]),
      })),
    },
  });
  files.push({
    path: at('TransitGatewayStaticRoutes'),
    json: {
      TransitGatewayStaticRoutes: tgwTables.map((id) => ({
        TransitGatewayRouteTableId: id,
        // every route: the static ones are the table's, the propagated ones tell what a BGP VPN advertises
        ...answer([
          'ec2',
          'search-transit-gateway-routes',
          '--transit-gateway-route-table-id',
          id,
          '--filters',
          'Name=type,Values=static,propagated',
        ]),
      })),
    },
  });
  if (t.loadBalancers.length > 0 || t.targetGroups.length > 0) {
    for (const [name, call] of ELBV2_FILES) files.push({ path: at(name), json: answer(['elbv2', call]) });
    files.push({
      path: at('LoadBalancerListeners'),
      json: {
        LoadBalancerListeners: t.loadBalancers.map((l) => ({
          LoadBalancerArn: lbArn(t.region, l.id),
          ...answer(['elbv2', 'describe-listeners', '--load-balancer-arn', l.id]),
        })),
      },
    });
    files.push({
      path: at('LoadBalancerAttributes'),
      json: {
        LoadBalancerAttributes: t.loadBalancers.map((l) => ({
          LoadBalancerArn: lbArn(t.region, l.id),
          ...answer(['elbv2', 'describe-load-balancer-attributes', '--load-balancer-arn', l.id]),
        })),
      },
    });
    files.push({
      path: at('TargetGroupAttributes'),
      json: {
        TargetGroupAttributes: t.targetGroups.map((g) => ({
          TargetGroupArn: lbArn(t.region, g.id),
          ...answer(['elbv2', 'describe-target-group-attributes', '--target-group-arn', g.id]),
        })),
      },
    });
    files.push({
      path: at('LoadBalancerTargetHealth'),
      json: {
        LoadBalancerTargetHealth: t.targetGroups.map((g) => ({
          TargetGroupArn: lbArn(t.region, g.id),
          ...answer(['elbv2', 'describe-target-health', '--target-group-arn', g.id]),
        })),
      },
    });
  }
  return files;
}

function lbArn(region: string, id: string): string {
  return `arn:aws:elasticloadbalancing:${region}:123456789012:${id.startsWith('targetgroup/') ? id : `loadbalancer/${id}`}`;
}
