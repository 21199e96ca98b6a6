import { hasPorts } from '../net/protocols';
import { cidrContains } from '../net/ipv4';
import type { EniNode, NaclRuleNode, NetworkAclNode, SgRuleNode } from '../network/network';
import type { DropCode } from './drop-codes';
import { flowKey, replyKey } from './flow-key';
import { icmpTypeOf, packetText } from './packet-text';
import { ICMP, type Packet } from './types';
import type { ConnectionState } from './world';

export type FilterVerdict =
  | { ok: true; detail: string; components: string[] }
  | { ok: false; code: DropCode; at: string; detail: string; components: string[] };

/**
 * How connection tracking knows `p` on `owner`: 'tracked' (passes whatever the rules say),
 * 'untracked' (a flow AWS does not track, R71: every packet needs a rule), or undefined.
 */
export function trackedAs(world: ConnectionState, owner: string, p: Packet): 'tracked' | 'untracked' | undefined {
  const v = world.tracked.get(replyKey(owner, p)) ?? world.tracked.get(flowKey(owner, p));
  return v === undefined ? undefined : v ? 'untracked' : 'tracked';
}

export function track(world: ConnectionState, owner: string, p: Packet, untracked = false): string {
  const key = flowKey(owner, p);
  world.tracked.set(key, untracked);
  return key;
}

/** Appliance sessions (os.firewall: stateful) use the same keys as connection tracking. */
export function sessionKnown(world: ConnectionState, owner: string, p: Packet): boolean {
  return world.sessions.has(replyKey(owner, p)) || world.sessions.has(flowKey(owner, p));
}

export function rememberSession(world: ConnectionState, owner: string, p: Packet): void {
  world.sessions.add(flowKey(owner, p));
}

function ruleMatches(rule: SgRuleNode, p: Packet, peerIp: number): boolean {
  if (rule.protocol !== -1 && rule.protocol !== p.protocol) return false;
  if (hasPorts(p.protocol) && (p.dstPort < rule.fromPort || p.dstPort > rule.toPort)) return false;
  const peer = rule.peer;
  // A group reference matches only the private IPs of the group's members (R58).
  if (peer.kind === 'sg') return peer.stale !== true && peer.group.memberIps.has(peerIp);
  for (const c of peer.cidrs) if (cidrContains(c, peerIp)) return true;
  return false;
}

/**
 * Where the packet has been: group references stop matching once a middlebox forwarded it
 * (R73); a flow that crossed a NAT gateway is always tracked (R72), and one that may still
 * cross one remembers the entries it left untracked.
 */
export interface FilterContext {
  throughMiddlebox: boolean;
  /**
   * Whether a group in another VPC may match, for a packet a transit gateway forwarded: only with
   * security group referencing on the gateway and both attachments (R103); undefined when no
   * transit gateway carried it.
   */
  tgwReferencing?: boolean | undefined;
  /** a transit gateway multicast stream: no group reference admits it (R104) */
  multicast?: boolean;
  alwaysTracked?: boolean;
  untrackedKeys?: string[];
}

/**
 * The ENI's security groups, merged into one set of allow rules (R68), stateful (R66):
 * a packet of a tracked connection passes whatever the rules say; a new one needs a rule,
 * and is then tracked so its replies pass. The verdict names the packet it judged.
 */
export function checkSecurityGroups(
  world: ConnectionState,
  eni: EniNode,
  direction: 'inbound' | 'outbound',
  p: Packet,
  via: FilterContext = { throughMiddlebox: false },
): FilterVerdict {
  const verdict = judgeSecurityGroups(world, eni, direction, p, via);
  return { ...verdict, detail: `${verdict.detail} (${packetText(p)})` };
}

function judgeSecurityGroups(
  world: ConnectionState,
  eni: EniNode,
  direction: 'inbound' | 'outbound',
  p: Packet,
  via: FilterContext,
): FilterVerdict {
  const groups = eni.securityGroups;
  const components = groups.map((g) => g.id);
  if (groups.length === 0) return { ok: true, detail: 'no security groups', components };
  const known = trackedAs(world, eni.id, p);
  if (known === 'tracked')
    return { ok: true, detail: `${components.join(', ')}: tracked connection (R66)`, components };
  // An untracked flow's packets are judged by the rules each time, its replies too, by the
  // rules of their own direction on their own ports: removing the rule that let them through
  // cuts the flow at once (R71; AWS "Security group connection tracking").
  const untrackedReply = known === 'untracked' && world.tracked.has(replyKey(eni.id, p));
  const why = untrackedReply ? ' (untracked flow, R71)' : '';
  const peerIp = direction === 'inbound' ? p.src : p.dst;
  let anyRules = false;
  let lostReference: string | undefined;
  let lostTgwReference: string | undefined;
  for (const g of groups) {
    const rules = g[direction];
    if (rules.length > 0) anyRules = true;
    for (const rule of rules) {
      if (!ruleMatches(rule, p, peerIp)) continue;
      if (rule.peer.kind === 'sg' && via.multicast) continue;
      if (rule.peer.kind === 'sg' && via.throughMiddlebox) {
        lostReference ??= g.id;
        continue;
      }
      if (rule.peer.kind === 'sg' && rule.peer.group.vpc !== eni.vpc && via.tgwReferencing === false) {
        lostTgwReference ??= g.id;
        continue;
      }
      if (!untrackedReply) {
        // A flow once untracked stays so: a later packet does not start tracking it (R71).
        const untracked = !via.alwaysTracked && (known === 'untracked' || isUntracked(eni, direction, rule, p));
        const key = track(world, eni.id, p, untracked);
        if (untracked) via.untrackedKeys?.push(key);
      }
      return { ok: true, detail: `${g.id} ${direction} allows ${rule.text}${why}`, components };
    }
  }
  if (lostTgwReference) {
    return {
      ok: false,
      code: 'SG_REFERENCING_SUPPORT',
      at: lostTgwReference,
      detail: `${lostTgwReference}'s reference to a group in another VPC does not match traffic a transit gateway forwarded without security group referencing on the gateway and both attachments (R103)`,
      components,
    };
  }
  if (lostReference) {
    return {
      ok: false,
      code: 'SG_REFERENCES_NOT_PRESERVED',
      at: lostReference,
      detail: `${lostReference}'s group reference does not match traffic routed through a middlebox (R73)`,
      components,
    };
  }
  const at = groups[0]!.id;
  if (!anyRules) {
    return {
      ok: false,
      code: 'SG_HAS_NO_RULES',
      at,
      detail: `${components.join(', ')} ${direction === 'inbound' ? 'allow nothing in' : 'allow nothing out'}${why}`,
      components,
    };
  }
  return {
    ok: false,
    code: 'ENI_SG_RULES_MISMATCH',
    at,
    detail: `no ${direction} rule of ${components.join(', ')} matches${why}`,
    components,
  };
}

const isAnywhere = (rule: SgRuleNode) => rule.peer.kind === 'cidr' && rule.peer.cidrs.some((c) => c.prefix === 0);

/**
 * R71: a TCP or UDP flow allowed by a 0.0.0.0/0 rule in one direction, with an all-ports
 * 0.0.0.0/0 rule in the other, is not tracked; ICMP always is.
 */
function isUntracked(eni: EniNode, direction: 'inbound' | 'outbound', rule: SgRuleNode, p: Packet): boolean {
  if (!hasPorts(p.protocol) || !isAnywhere(rule)) return false;
  const other = direction === 'inbound' ? 'outbound' : 'inbound';
  return eni.securityGroups.some((g) =>
    g[other].some(
      (r) =>
        (r.protocol === -1 || r.protocol === p.protocol) && r.fromPort === 0 && r.toPort === 65535 && isAnywhere(r),
    ),
  );
}

function naclMatches(rule: NaclRuleNode, p: Packet, peerIp: number): boolean {
  if (rule.protocol !== -1 && rule.protocol !== p.protocol) return false;
  if (hasPorts(p.protocol) && (p.dstPort < rule.fromPort || p.dstPort > rule.toPort)) return false;
  // An ICMP entry matches its type and code only (-1: any): a deny for echo requests (8)
  // leaves echo replies (0) alone (CreateNetworkAclEntry, IcmpTypeCode).
  if (rule.protocol === ICMP && p.protocol === ICMP) {
    if (rule.icmpType !== -1 && rule.icmpType !== icmpTypeOf(p)) return false;
    // the engine's ICMP messages (echo request and reply) all carry code 0 (RFC 792)
    if (rule.icmpCode !== -1 && rule.icmpCode !== 0) return false;
  }
  return cidrContains(rule.cidr, peerIp);
}

/**
 * A network ACL: stateless, lowest rule number first, a final `*` denies the rest (R76, R77).
 * The verdict names the packet it judged, ports included (a reply to an ephemeral port).
 */
export function checkNetworkAcl(acl: NetworkAclNode, direction: 'inbound' | 'outbound', p: Packet): FilterVerdict {
  const peerIp = direction === 'inbound' ? p.src : p.dst;
  const judged = `(${packetText(p)})`;
  for (const rule of acl[direction]) {
    if (naclMatches(rule, p, peerIp)) {
      if (rule.allow)
        return { ok: true, detail: `${acl.id} ${direction} rule ${rule.rule} allows ${judged}`, components: [acl.id] };
      return {
        ok: false,
        code: 'SUBNET_ACL_RESTRICTION',
        at: acl.id,
        detail: `${acl.id} ${direction} rule ${rule.rule} denies ${judged}`,
        components: [acl.id],
      };
    }
  }
  return {
    ok: false,
    code: 'SUBNET_ACL_RESTRICTION',
    at: acl.id,
    detail: `${acl.id} ${direction}: no rule matches, * denies ${judged}`,
    components: [acl.id],
  };
}
