import type { Problem } from '../../model/problems';
import { isLive } from './ec2-records';
import type { Collected } from './import-snapshot';

type Out = Record<string, unknown>;

interface Ec2TransitGateway {
  TransitGatewayId?: string;
  State?: string;
  Options?: {
    SecurityGroupReferencingSupport?: string;
    AssociationDefaultRouteTableId?: string;
    PropagationDefaultRouteTableId?: string;
    DefaultRouteTableAssociation?: string;
    DefaultRouteTablePropagation?: string;
  };
}
interface Ec2TgwAttachment {
  TransitGatewayAttachmentId?: string;
  TransitGatewayId?: string;
  ResourceType?: string;
  ResourceId?: string;
  State?: string;
  Association?: { TransitGatewayRouteTableId?: string; State?: string };
}
interface Ec2TgwVpcAttachment {
  TransitGatewayAttachmentId?: string;
  SubnetIds?: string[];
  Options?: { ApplianceModeSupport?: string; SecurityGroupReferencingSupport?: string };
}
interface Ec2TgwRouteTable {
  TransitGatewayRouteTableId?: string;
  TransitGatewayId?: string;
  State?: string;
}
interface Ec2TgwPropagations {
  TransitGatewayRouteTableId?: string;
  TransitGatewayRouteTablePropagations?: { TransitGatewayAttachmentId?: string; State?: string }[];
}
interface Ec2TgwStaticRoutes {
  TransitGatewayRouteTableId?: string;
  Routes?: {
    DestinationCidrBlock?: string;
    State?: string;
    Type?: string;
    TransitGatewayAttachments?: { TransitGatewayAttachmentId?: string }[];
  }[];
}

const list = <T>(collected: Collected, key: keyof Collected) =>
  (collected[key] as { file: string; record: T }[] | undefined) ?? [];

/**
 * Transit gateways from `describe-transit-gateways`, `-attachments`, `-vpc-attachments`,
 * `-route-tables`, `get-transit-gateway-route-table-propagations` and the static routes
 * (`search-transit-gateway-routes --filters Name=type,Values=static`), as a lab writes them.
 * A peering attachment appears in both accounts: it is declared once, on the first gateway seen,
 * and each side keeps its own association. Associations and propagations are all explicit, so
 * the default tables (kept when both are enabled) apply only to attachments made later.
 */
export function convertTransit(collected: Collected, out: Out, warnings: Problem[]): void {
  const vpcIds = new Set((out.vpcs as { id: string }[]).map((v) => v.id));
  const vpnIds = new Set(((out.vpnConnections as { id: string }[] | undefined) ?? []).map((v) => v.id));
  const gateways = new Map<
    string,
    {
      id: string;
      explicitLinks: true;
      securityGroupReferencing: boolean;
      defaultRouteTable: 'none' | { association: string; propagation: string };
      attachments: Out[];
      routeTables: Out[];
    }
  >();
  const defaults = new Map<string, { association?: string | undefined; propagation?: string | undefined }>();
  for (const { record } of list<Ec2TransitGateway>(collected, 'TransitGateways')) {
    const id = record.TransitGatewayId;
    if (!id || gateways.has(id) || !isLive(record.State)) continue;
    const o = record.Options;
    defaults.set(id, {
      association: o?.DefaultRouteTableAssociation === 'enable' ? o.AssociationDefaultRouteTableId : undefined,
      propagation: o?.DefaultRouteTablePropagation === 'enable' ? o.PropagationDefaultRouteTableId : undefined,
    });
    gateways.set(id, {
      id,
      explicitLinks: true,
      securityGroupReferencing: record.Options?.SecurityGroupReferencingSupport === 'enable',
      defaultRouteTable: 'none',
      attachments: [],
      routeTables: [],
    });
  }
  const tables = new Map<string, { id: string; associations: string[]; propagations: string[]; routes: Out[] }>();
  for (const { record } of list<Ec2TgwRouteTable>(collected, 'TransitGatewayRouteTables')) {
    const id = record.TransitGatewayRouteTableId;
    const tgw = record.TransitGatewayId ? gateways.get(record.TransitGatewayId) : undefined;
    if (!id || !tgw || tables.has(id) || !isLive(record.State)) continue;
    const table = { id, associations: [], propagations: [], routes: [] };
    tables.set(id, table);
    tgw.routeTables.push(table);
  }
  const vpcDetails = new Map(
    list<Ec2TgwVpcAttachment>(collected, 'TransitGatewayVpcAttachments').map(({ record }) => [
      record.TransitGatewayAttachmentId,
      record,
    ]),
  );
  const declared = new Set<string>();
  for (const { file, record } of list<Ec2TgwAttachment>(collected, 'TransitGatewayAttachments')) {
    const id = record.TransitGatewayAttachmentId;
    const tgw = record.TransitGatewayId ? gateways.get(record.TransitGatewayId) : undefined;
    // a peering the other side has not accepted yet is listed, and carries nothing (R102)
    const pending = record.ResourceType === 'peering' && record.State === 'pendingAcceptance';
    if (!id || !tgw || !(isLive(record.State) || pending)) continue;
    const assoc = record.Association;
    if (assoc?.TransitGatewayRouteTableId && assoc.State === 'associated') {
      const table = tables.get(assoc.TransitGatewayRouteTableId);
      if (table && !table.associations.includes(id)) table.associations.push(id);
    }
    if (declared.has(id)) continue;
    const res = record.ResourceId;
    if (record.ResourceType === 'vpc' && res && vpcIds.has(res)) {
      const details = vpcDetails.get(id);
      tgw.attachments.push({
        id,
        vpc: res,
        subnets: details?.SubnetIds ?? [],
        applianceMode: details?.Options?.ApplianceModeSupport === 'enable',
        securityGroupReferencing: details?.Options?.SecurityGroupReferencingSupport === 'enable',
      });
    } else if (record.ResourceType === 'vpn' && res && vpnIds.has(res)) tgw.attachments.push({ id, vpn: res });
    else if (record.ResourceType === 'peering' && res && gateways.has(res))
      tgw.attachments.push({ id, peer: res, ...(pending ? { state: 'pendingAcceptance' } : {}) });
    else {
      warnings.push({
        path: `${file}: ${id}`,
        message: `a ${record.ResourceType ?? 'unknown'} attachment to ${res ?? 'nothing'} outside this snapshot is not modelled`,
      });
      continue;
    }
    declared.add(id);
  }
  for (const { record } of list<Ec2TgwPropagations>(collected, 'TransitGatewayPropagations')) {
    const table = record.TransitGatewayRouteTableId ? tables.get(record.TransitGatewayRouteTableId) : undefined;
    for (const p of record.TransitGatewayRouteTablePropagations ?? [])
      if (table && p.TransitGatewayAttachmentId && declared.has(p.TransitGatewayAttachmentId) && p.State === 'enabled')
        if (!table.propagations.includes(p.TransitGatewayAttachmentId))
          table.propagations.push(p.TransitGatewayAttachmentId);
  }
  for (const { record } of list<Ec2TgwStaticRoutes>(collected, 'TransitGatewayStaticRoutes')) {
    const table = record.TransitGatewayRouteTableId ? tables.get(record.TransitGatewayRouteTableId) : undefined;
    for (const r of record.Routes ?? []) {
      if (!table || !r.DestinationCidrBlock || r.Type !== 'static') continue;
      const target =
        r.State === 'blackhole' ? 'blackhole' : r.TransitGatewayAttachments?.[0]?.TransitGatewayAttachmentId;
      if (target && (target === 'blackhole' || declared.has(target)))
        table.routes.push({ destination: r.DestinationCidrBlock, target });
    }
  }
  // a table may name only attachments the snapshot holds
  for (const t of tables.values()) t.associations = t.associations.filter((a) => declared.has(a));
  // the default tables apply to attachments made later; every existing link is listed above
  for (const g of gateways.values()) {
    const d = defaults.get(g.id);
    if (d?.association && d.propagation && tables.has(d.association) && tables.has(d.propagation))
      g.defaultRouteTable = { association: d.association, propagation: d.propagation };
  }
  out.transitGateways = [...gateways.values()];
  // a route to a transit gateway the snapshot holds no attachment of this VPC to cannot stand
  const attached = new Set(
    [...gateways.values()].flatMap((g) => g.attachments.flatMap((a) => (a.vpc ? [`${g.id} ${String(a.vpc)}`] : []))),
  );
  for (const table of (out.routeTables ?? []) as {
    id: string;
    vpc: string;
    routes: { destination: string; target: string }[];
  }[])
    table.routes = table.routes.filter((r) => {
      if (!r.target.startsWith('tgw-') || attached.has(`${r.target} ${table.vpc}`)) return true;
      warnings.push({
        path: `RouteTables: ${table.id}`,
        message: `route ${r.destination} -> ${r.target}: the snapshot holds no attachment of ${table.vpc} to it, so the route is left out`,
      });
      return false;
    });
}
