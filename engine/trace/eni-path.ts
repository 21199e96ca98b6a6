import { ipToString } from '../net/ipv4';
import type { EniNode } from '../network/network';
import { checkSecurityGroups } from './filters';
import { guestReceive } from './guest-path';
import { routerMac } from './router-mac';
import { natGatewayReceive } from './nat-gateway';
import { answerToBalancer, loadBalancerReceive } from './load-balancer';
import type { Ending, Packet } from './types';
import type { Walk } from './walk';

function containers(eni: EniNode): string[] {
  return eni.instance ? [eni.id, eni.instance.id] : [eni.id];
}

/**
 * A frame leaves the guest through its ENI: the source/destination check (R83) and the
 * security groups' egress rules (R66–R68) act here. Returns the drop (or, for a target's
 * answer to a load-balanced flow, where the balancer took it), or undefined to go on.
 */
export function eniEgress(walk: Walk, eni: EniNode, p: Packet, srcMac?: string): Ending | undefined {
  // The VPC accepts frames only from the ENI's assigned MAC (R21).
  if (srcMac !== undefined && srcMac !== eni.mac) {
    walk.hop(eni.id, 'egress', `source MAC ${srcMac} is not ${eni.id}'s MAC ${eni.mac}`);
    return walk.drop(
      'ENGINE_BAD_SOURCE_MAC',
      containers(eni),
      `the frame's source MAC ${srcMac} is not the MAC AWS assigned to ${eni.id} (${eni.mac}) (R21)`,
      p,
    );
  }
  if (eni.sourceDestCheck && !eni.ipSet.has(p.src)) {
    walk.hop(eni.id, 'egress', `source/dest check: source ${ipToString(p.src)} is not one of ${eni.id}'s addresses`);
    return walk.drop(
      'ENI_SOURCE_DEST_CHECK_RESTRICTION',
      containers(eni),
      `source ${ipToString(p.src)} is not an address of ${eni.id} and its source/dest check is on (R83)`,
      p,
    );
  }
  const sg = checkSecurityGroups(walk.conn, eni, 'outbound', p, walk);
  walk.hop(eni.id, 'egress', sg.detail, sg.components);
  if (!sg.ok) return walk.drop(sg.code, [sg.at, ...containers(eni)], sg.detail, p);
  return answerToBalancer(walk, eni, p);
}

/**
 * A frame reaches an ENI: a NAT gateway's ENI hands it to the NAT service; otherwise the
 * instance must be running (A7), the source/destination check passes only the ENI's own
 * addresses (R83), and the security groups' ingress rules decide (R66–R68).
 */
export function eniIngress(walk: Walk, eni: EniNode, p: Packet, sameSubnet = false): Ending {
  // Frames routed by the VPC arrive from the subnet router's MAC; in-subnet ones from the sender's.
  if (!sameSubnet) walk.lastMac = routerMac(eni.subnet);
  if (eni.natGateway) return natGatewayReceive(walk, eni.natGateway, p);
  if (eni.loadBalancer) return loadBalancerReceive(walk, eni, p);
  if (eni.endpoint) {
    // an interface endpoint: its security groups decide, then the service answers on its address
    const sg = checkSecurityGroups(walk.conn, eni, 'inbound', p, walk);
    walk.hop(eni.id, 'ingress', sg.detail, sg.components);
    if (!sg.ok) return walk.drop(sg.code, [sg.at, eni.id, eni.endpoint.id], sg.detail, p);
    walk.hop(eni.endpoint.id, 'receive', `${eni.endpoint.service} on ${ipToString(p.dst)}`);
    return walk.delivered({ kind: 'aws-service', id: eni.endpoint.id, vpc: eni.vpc.id, eni: eni.id }, p);
  }
  const inst = eni.instance;
  if (!inst || inst.state !== 'running' || walk.world.failed.has(inst.id)) {
    const why = !inst
      ? `${eni.id} is not attached to an instance`
      : walk.world.failed.has(inst.id)
        ? `${inst.id} has crashed and answers nothing`
        : `${inst.id} is ${inst.state}`;
    walk.hop(eni.id, 'ingress', why);
    return walk.drop('ENGINE_TARGET_NOT_RUNNING', containers(eni), `${why} (A7)`, p);
  }
  if (eni.sourceDestCheck && !eni.ipSet.has(p.dst)) {
    walk.hop(eni.id, 'ingress', `source/dest check: ${ipToString(p.dst)} is not one of ${eni.id}'s addresses`);
    return walk.drop(
      'ENI_SOURCE_DEST_CHECK_RESTRICTION',
      containers(eni),
      `destination ${ipToString(p.dst)} is not an address of ${eni.id} and its source/dest check is on (R83)`,
      p,
    );
  }
  const sg = checkSecurityGroups(walk.conn, eni, 'inbound', p, walk);
  walk.hop(eni.id, 'ingress', sg.detail, sg.components);
  if (!sg.ok) return walk.drop(sg.code, [sg.at, ...containers(eni)], sg.detail, p);
  return guestReceive(walk, inst, eni, p, walk.lastMac);
}
