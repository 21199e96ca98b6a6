import type { Problem } from '../model/problems';
import type { Topology } from '../model/topology';
import { buildSubnets, buildVpcs } from './build-addressing';
import { buildExternalHosts, buildInternetGateways, buildVpnGateways, declareUnmodelled } from './build-gateways';
import { buildPeerings } from './build-peering';
import { buildVpcEndpoints } from './build-endpoints';
import { buildLoadBalancers } from './build-load-balancers';
import { buildMulticastDomains } from './build-multicast';
import { buildTransitGateways, declareTransitGateways } from './build-transit';
import { buildElasticIps, buildInstances, buildNatGateways } from './build-interfaces';
import { buildRouteTables } from './build-routing';
import { buildRouteServers } from './build-route-servers';
import { buildNetworkAcls, buildSecurityRules, declareSecurityGroups } from './build-security';
import { BuildContext } from './context';
import type { Network } from './network';

export type BuildResult = { ok: true; network: Network; problems: [] } | { ok: false; problems: Problem[] };

/**
 * Turns a parsed topology into a network ready to trace, or every reason AWS could not
 * hold it, each with its path and AWS's error code. Pure: the same topology always gives
 * the same network (MACs and free addresses are assigned deterministically).
 */
export function buildNetwork(topology: Topology): BuildResult {
  const network: Network = {
    topology,
    region: topology.region,
    vpcs: new Map(),
    subnets: new Map(),
    routeTables: new Map(),
    enis: new Map(),
    instances: new Map(),
    securityGroups: new Map(),
    networkAcls: new Map(),
    internetGateways: new Map(),
    natGateways: new Map(),
    vpnGateways: new Map(),
    externalHosts: new Map(),
    publicIps: new Map(),
    externalByIp: new Map(),
    unassociatedEips: new Set(),
    peerings: new Map(),
    transitGateways: new Map(),
    tgwAttachments: new Map(),
    tgwRouteTables: new Map(),
    vpcEndpoints: new Map(),
    loadBalancers: new Map(),
    multicastBySubnet: new Map(),
    otherIds: new Map(),
  };
  const ctx = new BuildContext(topology, network);
  // Order matters only for what refers to what: addresses, then gateways, then groups
  // (ENIs name them), then interfaces, then rules (group members), then routes (targets).
  buildVpcs(ctx);
  buildSubnets(ctx);
  buildInternetGateways(ctx);
  declareTransitGateways(ctx);
  buildVpnGateways(ctx);
  buildTransitGateways(ctx);
  buildPeerings(ctx);
  declareUnmodelled(ctx);
  declareSecurityGroups(ctx);
  buildInstances(ctx);
  buildNatGateways(ctx);
  buildVpcEndpoints(ctx);
  buildLoadBalancers(ctx);
  buildMulticastDomains(ctx);
  buildElasticIps(ctx);
  buildSecurityRules(ctx);
  buildNetworkAcls(ctx);
  buildRouteTables(ctx);
  buildRouteServers(ctx);
  buildExternalHosts(ctx);
  if (ctx.problems.length > 0) return { ok: false, problems: ctx.problems };
  return { ok: true, network, problems: [] };
}
