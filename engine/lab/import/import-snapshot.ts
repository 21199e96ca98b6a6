import type { Problem } from '../../model/problems';
import { convertHosts } from './convert-hosts';
import { convertNetwork } from './convert-network';
import { convertTransit } from './convert-transit';
import { convertEndpoints } from './convert-endpoints';
import { convertLoadBalancers } from './convert-load-balancers';
import { isLive, type Ec2Address, type Ec2NetworkAcl, type Ec2RouteTable } from './ec2-records';

/** One `aws ec2 describe-*` output file: its path inside the snapshot folder, and its JSON. */
export interface SnapshotFile {
  path: string;
  json: unknown;
}

/** Each top-level key the importer understands, by the describe call that writes it. */
export const MODELLED_KEYS = [
  'Vpcs',
  'Subnets',
  'RouteTables',
  'InternetGateways',
  'NatGateways',
  'NetworkInterfaces',
  'Reservations',
  'SecurityGroups',
  'NetworkAcls',
  'Addresses',
  'VpnGateways',
  'VpnConnections',
  'CustomerGateways',
  'VpcPeeringConnections',
  'PrefixLists',
  'TransitGateways',
  'TransitGatewayAttachments',
  'TransitGatewayVpcAttachments',
  'TransitGatewayRouteTables',
  'TransitGatewayPropagations',
  'TransitGatewayStaticRoutes',
  'VpcEndpoints',
  'LoadBalancers',
  'LoadBalancerListeners',
  'Listeners',
  'LoadBalancerAttributes',
  'LoadBalancerTargetHealth',
  'TargetGroups',
  'TargetGroupAttributes',
] as const;

/** Known AWS data that the engine does not forward through yet: reported, never silently dropped. */
const NOT_MODELLED: Record<string, string> = {
  VpcEndpointServices: 'VPC endpoint services',
  DirectConnectGateways: 'Direct Connect',
  DirectConnectGatewayAssociations: 'Direct Connect',
  VirtualInterfaces: 'Direct Connect',
  RdsInstances: 'RDS instances',
  ElasticsearchDomains: 'Elasticsearch domains',
};

/** Keys that carry nothing the network needs (zones, DHCP options). */
const INFORMATIONAL = new Set([
  'AvailabilityZones',
  'DhcpOptions',
  'Regions',
  // a transit gateway peering is read from describe-transit-gateway-attachments, on both sides
  'TransitGatewayPeeringAttachments',
]);

export type Collected = Record<(typeof MODELLED_KEYS)[number], { file: string; record: unknown }[]>;

export interface ImportResult {
  /** a topology in the lab format, still to be validated like any other */
  topology: Record<string, unknown>;
  warnings: Problem[];
}

/**
 * Turns a folder of `aws ec2 describe-*` outputs from one account into a lab topology.
 * Files are recognised by their top-level key, not their name; a path `<region>/…` or
 * `accounts/<account>/<region>/…` gives the region (else the subnets' zones do); `configs/` holds router configurations,
 * not AWS data. Objects that are not available, running or active are skipped; unknown
 * files and keys, and AWS objects not modelled yet, come back as warnings.
 */
export function importSnapshot(files: SnapshotFile[]): ImportResult {
  const warnings: Problem[] = [];
  const collected = Object.fromEntries(MODELLED_KEYS.map((k) => [k, []])) as unknown as Collected;
  let region: string | undefined;
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    if (/(^|\/)configs\//.test(file.path)) continue;
    region ??= regionOf(file.path);
    const json = file.json;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      warnings.push({ path: file.path, message: 'not an aws ec2 describe-* output (expected a JSON object)' });
      continue;
    }
    for (const [key, value] of Object.entries(json)) {
      if ((MODELLED_KEYS as readonly string[]).includes(key)) {
        if (!Array.isArray(value)) {
          warnings.push({ path: `${file.path}: ${key}`, message: 'expected a list' });
          continue;
        }
        const bucket = collected[key as keyof Collected];
        for (const record of value) bucket.push({ file: file.path, record });
      } else if (key in NOT_MODELLED) {
        const n = Array.isArray(value) ? value.length : 0;
        if (n > 0)
          warnings.push({
            path: `${file.path}: ${key}`,
            message: `${n} object${n === 1 ? '' : 's'} not modelled yet (${NOT_MODELLED[key]})`,
          });
      } else if (!INFORMATIONAL.has(key) && key !== 'NextToken') {
        warnings.push({ path: `${file.path}: ${key}`, message: `unknown key "${key}" ignored` });
      }
    }
  }
  // files uploaded without their folder still name their zones: eu-west-1a is in eu-west-1
  region ??= (collected.Subnets as { record: { AvailabilityZone?: string } }[])
    .map((s) => /^([a-z]{2}(-gov)?-[a-z]+-\d)[a-z]$/.exec(s.record.AvailabilityZone ?? '')?.[1])
    .find((r) => r !== undefined);
  const topology: Record<string, unknown> = { region: region ?? 'us-west-2' };
  convertNetwork(collected, topology, warnings);
  convertHosts(collected, topology, warnings);
  convertTransit(collected, topology, warnings);
  convertEndpoints(collected, topology, warnings);
  convertLoadBalancers(collected, topology, warnings);
  topology.associationIds = associationIdsOf(collected, topology);
  topology.tags = tagsOf(collected, topology);
  return { topology, warnings };
}

/** Where each describe output keeps a record's id, for its tags. */
const TAGGED: Partial<Record<keyof Collected, string>> = {
  Vpcs: 'VpcId',
  Subnets: 'SubnetId',
  RouteTables: 'RouteTableId',
  InternetGateways: 'InternetGatewayId',
  NatGateways: 'NatGatewayId',
  NetworkInterfaces: 'NetworkInterfaceId',
  SecurityGroups: 'GroupId',
  NetworkAcls: 'NetworkAclId',
  Addresses: 'AllocationId',
  VpnGateways: 'VpnGatewayId',
  VpnConnections: 'VpnConnectionId',
  CustomerGateways: 'CustomerGatewayId',
  VpcPeeringConnections: 'VpcPeeringConnectionId',
  TransitGateways: 'TransitGatewayId',
  VpcEndpoints: 'VpcEndpointId',
};

/**
 * Every tag the snapshot shows, on the resources the topology keeps (instances from their
 * reservations): `describe-tags` and the `tag:` filters answer as the account did. Tags AWS
 * reserves (`aws:…`) and values past AWS's limits are left out.
 */
function tagsOf(collected: Collected, topology: Record<string, unknown>): Record<string, Record<string, string>> {
  const kept = new Set<string>();
  for (const list of Object.values(topology))
    if (Array.isArray(list))
      for (const x of list as { id?: unknown; interfaces?: { id?: unknown }[] }[]) {
        if (typeof x?.id === 'string') kept.add(x.id);
        for (const e of x?.interfaces ?? []) if (typeof e.id === 'string') kept.add(e.id);
      }
  const out: Record<string, Record<string, string>> = {};
  const add = (id: unknown, tags: unknown) => {
    if (typeof id !== 'string' || !kept.has(id) || !Array.isArray(tags)) return;
    for (const t of tags as { Key?: unknown; Value?: unknown }[]) {
      if (typeof t?.Key !== 'string' || t.Key === '' || t.Key.startsWith('aws:') || t.Key.length > 127) continue;
      const value = typeof t.Value === 'string' ? t.Value : '';
      if (value.length > 255) continue;
      (out[id] ??= {})[t.Key] = value;
    }
  };
  for (const [key, field] of Object.entries(TAGGED))
    for (const { record } of collected[key as keyof Collected] as { record: Record<string, unknown> }[])
      add(record[field], record.Tags);
  for (const { record } of collected.Reservations as {
    record: { Instances?: { InstanceId?: string; Tags?: unknown }[] };
  }[])
    for (const inst of record.Instances ?? []) add(inst.InstanceId, inst.Tags);
  return out;
}

/** `<region>/File.json` or `accounts/<account>/<region>/File.json` name the region. */
function regionOf(path: string): string | undefined {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const acct = parts.indexOf('accounts');
  const candidate = acct >= 0 ? parts[acct + 2] : parts.length >= 2 ? parts[parts.length - 2] : undefined;
  return candidate && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(candidate) ? candidate : undefined;
}

/**
 * The account's own association ids, so that a call copied from the snapshot's describe output
 * (`replace-route-table-association --association-id rtbassoc-0e6a…`) names what it named there:
 * route table associations (main, subnet, gateway), network ACL associations and Elastic IP
 * associations the imported topology keeps.
 */
function associationIdsOf(collected: Collected, topology: Record<string, unknown>): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const { record } of collected.RouteTables as { record: Ec2RouteTable }[])
    for (const a of record.Associations ?? []) {
      const subject = a.Main ? record.VpcId : (a.SubnetId ?? a.GatewayId);
      if (!subject || !a.RouteTableAssociationId || !isLive(a.AssociationState?.State)) continue;
      ids[`${a.Main ? 'rtb-main' : 'rtb'}:${subject}`] = a.RouteTableAssociationId;
    }
  for (const { record } of collected.NetworkAcls as { record: Ec2NetworkAcl }[])
    for (const a of record.Associations ?? [])
      if (a.SubnetId && a.NetworkAclAssociationId) ids[`acl:${a.SubnetId}`] = a.NetworkAclAssociationId;
  const associated = new Set(
    (topology.elasticIps as { id: string; networkInterface?: string }[])
      .filter((e) => e.networkInterface)
      .map((e) => e.id),
  );
  for (const { record } of collected.Addresses as { record: Ec2Address }[])
    if (record.AllocationId && record.AssociationId && associated.has(record.AllocationId))
      ids[`eip:${record.AllocationId}`] = record.AssociationId;
  return ids;
}
