import { ipToString } from '../net/ipv4';
import type { EniNode, MulticastDomainNode } from '../network/network';
import { checkNetworkAcl, checkSecurityGroups } from './filters';
import type { Ending, Packet } from './types';
import type { Walk } from './walk';

/** The multicast domain the sender's subnet is associated with, if any (R104). */
export function multicastDomainOf(walk: Walk, eni: EniNode): MulticastDomainNode | undefined {
  return walk.network.multicastBySubnet.get(eni.subnet.id);
}

/**
 * A multicast datagram from an interface whose subnet is in a transit gateway multicast domain
 * (R104): out through the sender's security groups and network ACL, then the gateway copies it to
 * every member of the group (never back to the sender), each copy through the member's subnet's
 * network ACL and security groups, where no group reference admits a multicast stream. With static
 * sources only registered sources may send. The stream is one-way: it is delivered to the domain
 * (the members that took a copy captured it), and nobody answers it.
 */
export function multicastSend(walk: Walk, domain: MulticastDomainNode, eni: EniNode, p: Packet): Ending {
  const refused = walk.fabric.eniEgress(walk, eni, p);
  if (refused) return refused;
  const out = checkNetworkAcl(eni.subnet.networkAcl, 'outbound', p);
  walk.hop(eni.subnet.id, 'leave', out.detail, [eni.subnet.networkAcl.id]);
  if (!out.ok) return walk.drop(out.code, [out.at, eni.subnet.id, eni.vpc.id], out.detail, p);
  const group = domain.groups.get(p.dst);
  walk.hop(domain.tgw.id, 'forward', `multicast to ${ipToString(p.dst)} in ${domain.id}`);
  if (domain.staticSources && !group?.sources.has(eni.id)) {
    return walk.drop(
      'ENGINE_MULTICAST_NOT_SOURCE',
      [domain.id, domain.tgw.id],
      `${eni.id} is not a registered source of ${ipToString(p.dst)} in ${domain.id}, which takes only static sources (R104)`,
      p,
    );
  }
  const members = (group?.members ?? []).filter((m) => m !== eni);
  if (members.length === 0)
    return walk.drop(
      'ENGINE_MULTICAST_NO_MEMBERS',
      [domain.id, domain.tgw.id],
      `${ipToString(p.dst)} has no member in ${domain.id} besides the sender (R104)`,
      p,
    );
  let delivered = 0;
  let first: { code: Parameters<Walk['drop']>[0]; within: string[]; detail: string } | undefined;
  for (const m of [...members].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const copy = { ...p, ttl: p.ttl - 1 };
    const miss = (code: Parameters<Walk['drop']>[0], within: string[], detail: string) => {
      walk.hop(m.id, 'drop', `copy not delivered: ${detail}`);
      first ??= { code, within, detail };
    };
    if (m.subnet !== eni.subnet) {
      const acl = checkNetworkAcl(m.subnet.networkAcl, 'inbound', copy);
      if (!acl.ok) {
        miss(acl.code, [acl.at, m.subnet.id, m.vpc.id], acl.detail);
        continue;
      }
    }
    const inst = m.instance;
    if (!inst || inst.state !== 'running' || walk.world.failed.has(inst.id)) {
      miss('ENGINE_TARGET_NOT_RUNNING', [m.id], `${m.id} has no running instance`);
      continue;
    }
    const sg = checkSecurityGroups(walk.conn, m, 'inbound', copy, { throughMiddlebox: false, multicast: true });
    if (!sg.ok) {
      miss(sg.code, [sg.at, m.id, inst.id], `${sg.detail}; a group reference never admits a multicast stream (R104)`);
      continue;
    }
    walk.hop(m.id, 'receive', `a copy for ${inst.id} (${sg.detail})`, sg.components);
    walk.capture(inst.id);
    delivered++;
  }
  if (delivered === 0) return walk.drop(first!.code, first!.within, first!.detail, p);
  return walk.delivered({ kind: 'injection', id: domain.id }, p);
}
