import type { SubnetNode } from '../network/network';
import { checkNetworkAcl } from './filters';
import type { Ending, Origin, Packet } from './types';
import type { Walk } from './walk';

/** Crossing into a subnet: its network ACL checks inbound traffic (R77), unless it never left. */
export function enterSubnet(walk: Walk, subnet: SubnetNode, p: Packet, origin: Origin): Ending | undefined {
  if (origin.subnet === subnet) return undefined;
  const acl = checkNetworkAcl(subnet.networkAcl, 'inbound', p);
  walk.hop(subnet.id, 'enter', acl.detail, [subnet.networkAcl.id]);
  if (!acl.ok) return walk.drop(acl.code, [acl.at, subnet.id, subnet.vpc.id], acl.detail, p);
  return undefined;
}
