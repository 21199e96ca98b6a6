import type { Network } from '../network/network';
import { ControlState } from '../control/control-state';
import { runAwsWords } from '../control/aws/run-aws';
import { arnOf } from '../control/aws/ops-elbv2';
import { inAccount, labAccount } from '../control/aws/lab-account';
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
  // one file of per-resource answers: each resource's id under `idKey`, then what the call answers for it
  const perResource = (
    name: string,
    ids: string[],
    idKey: string,
    idValue: (id: string) => string,
    call: (id: string) => string[],
  ) =>
    files.push({ path: at(name), json: { [name]: ids.map((id) => ({ [idKey]: idValue(id), ...answer(call(id)) })) } });
  const same = (id: string) => id;
  // an ARN names the lab's account, as the CLI's answers beside it do
  const arn = (id: string) => inAccount(arnOf(t, id), labAccount(t));
  const tgwTables = t.transitGateways.flatMap((g) => g.routeTables.map((r) => r.id));
  perResource('TransitGatewayPropagations', tgwTables, 'TransitGatewayRouteTableId', same, (id) => [
    'ec2',
    'get-transit-gateway-route-table-propagations',
    '--transit-gateway-route-table-id',
    id,
  ]);
  // every route: the static ones are the table's, the propagated ones tell what a BGP VPN advertises
  perResource('TransitGatewayStaticRoutes', tgwTables, 'TransitGatewayRouteTableId', same, (id) => [
    'ec2',
    'search-transit-gateway-routes',
    '--transit-gateway-route-table-id',
    id,
    '--filters',
    'Name=type,Values=static,propagated',
  ]);
  if (t.loadBalancers.length > 0 || t.targetGroups.length > 0) {
    for (const [name, call] of ELBV2_FILES) files.push({ path: at(name), json: answer(['elbv2', call]) });
    const balancers = t.loadBalancers.map((l) => l.id);
    const groups = t.targetGroups.map((g) => g.id);
    for (const [name, call] of [
      ['LoadBalancerListeners', 'describe-listeners'],
      ['LoadBalancerAttributes', 'describe-load-balancer-attributes'],
    ] as const)
      perResource(name, balancers, 'LoadBalancerArn', arn, (id) => ['elbv2', call, '--load-balancer-arn', id]);
    for (const [name, call] of [
      ['TargetGroupAttributes', 'describe-target-group-attributes'],
      ['LoadBalancerTargetHealth', 'describe-target-health'],
    ] as const)
      perResource(name, groups, 'TargetGroupArn', arn, (id) => ['elbv2', call, '--target-group-arn', id]);
  }
  return files;
}
