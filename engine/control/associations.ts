import type { Topology } from '../model/topology';

/**
 * What an association joins, as a key: an Elastic IP to its interface, a subnet or gateway to
 * its route table, a VPC to its main route table, a subnet to its network ACL.
 */
export type AssociationKey = `eip:${string}` | `rtb:${string}` | `rtb-main:${string}` | `acl:${string}`;

/**
 * The id an association the lab starts with has (lab-format.md: `rtbassoc-<subnet id>`,
 * `rtbassoc-main-<vpc id>`, `aclassoc-<subnet id without subnet->`, `eipassoc-<allocation
 * id without eipalloc->`).
 */
export function defaultAssociationId(key: AssociationKey): string {
  const [kind, id] = key.split(/:(.*)/s) as [string, string];
  switch (kind) {
    case 'eip':
      return `eipassoc-${id.replace(/^eipalloc-/, '')}`;
    case 'rtb':
      return `rtbassoc-${id}`;
    case 'rtb-main':
      return `rtbassoc-main-${id}`;
    default:
      return `aclassoc-${id.replace(/^subnet-/, '')}`;
  }
}

/** The id this association has now. */
export function associationId(t: Topology, key: AssociationKey): string {
  return t.associationIds[key] ?? defaultAssociationId(key);
}

/**
 * A new association. AWS issues a new id for each one (AssociateAddress, AssociateRouteTable,
 * ReplaceRouteTableAssociation and ReplaceNetworkAclAssociation answer with it), so an id
 * copied before a re-association names nothing afterwards. The first association of a
 * resource that never had one takes the deterministic id (lab-format.md); any later one a
 * numbered id, unless the lab step that makes it names it (`id:`).
 */
export function newAssociation(t: Topology, key: AssociationKey, wanted?: string): string {
  let id = defaultAssociationId(key);
  if (wanted && !currentAssociations(t).has(wanted) && !Object.values(t.associationIds).includes(wanted)) {
    // a lab step's `id:` names the association the call makes, as it names a created resource
    id = wanted;
  } else if (key in t.associationIds) {
    t.associationSerial += 1;
    id = `${id}-${t.associationSerial}`;
  }
  t.associationIds[key] = id;
  return id;
}

/** An association ends: its id is spent, and the next association of the same resource gets a new one. */
export function endAssociation(t: Topology, key: AssociationKey): void {
  t.associationIds[key] ??= defaultAssociationId(key);
}

/** An association replaced by another: the old id is spent, the new one answered. */
export function replaceAssociation(t: Topology, key: AssociationKey, wanted?: string): string {
  endAssociation(t, key);
  return newAssociation(t, key, wanted);
}

/** Every association id a topology holds now, with the resource it associates (a subnet, a gateway, a VPC, an allocation). */
export function currentAssociations(t: Topology): Map<string, { key: AssociationKey; subject: string }> {
  const out = new Map<string, { key: AssociationKey; subject: string }>();
  const add = (key: AssociationKey) =>
    out.set(associationId(t, key), { key, subject: key.slice(key.indexOf(':') + 1) });
  for (const e of t.elasticIps) if (e.networkInterface) add(`eip:${e.id}`);
  for (const r of t.routeTables) for (const x of [...r.subnets, ...r.gateways]) add(`rtb:${x}`);
  for (const v of t.vpcs) add(`rtb-main:${v.id}`);
  for (const s of t.subnets) add(`acl:${s.id}`);
  return out;
}
