import { cidrContains, parseIp } from '../net/ipv4';
import type { LbProtocol } from '../model/load-balancer';
import { buildServiceEni } from './build-service-eni';
import { resolveGroups } from './build-interfaces';
import type { BuildContext } from './context';
import type { LoadBalancerNode, TargetGroupNode } from './network';

/** The target group protocols a listener of each protocol may forward to (IncompatibleProtocols). */
const FORWARDS_TO: Record<LbProtocol, LbProtocol[]> = {
  tcp: ['tcp', 'tcp_udp'],
  udp: ['udp', 'tcp_udp'],
  tcp_udp: ['tcp_udp'],
  tls: ['tcp', 'tls'],
};

/**
 * Target groups, then internal Network Load Balancers: each node a network interface in its
 * subnet, each listener forwarding to a target group of the same VPC. A target is resolved to
 * the address the balancer sends to (an instance's primary private IP, or the IP target) and
 * the Availability Zone it is in, which cross-zone load balancing decides about.
 */
export function buildLoadBalancers(ctx: BuildContext): void {
  const groups = new Map<string, TargetGroupNode>();
  const groupVpc = new Map<string, string>();
  const terminated = new Set(ctx.topology.terminatedInstances.map((t) => t.id));
  ctx.topology.targetGroups.forEach((spec, i) => {
    const path = `topology.targetGroups[${i}]`;
    if (!ctx.declare(spec.id, 'target-group', path)) return;
    if (!ctx.ref(spec.vpc, ['vpc'], `${path}.vpc`)) return;
    const vpc = ctx.network.vpcs.get(spec.vpc)!;
    const targets: TargetGroupNode['targets'] = [];
    spec.targets.forEach((t, k) => {
      const at = `${path}.targets[${k}]`;
      const port = t.port ?? spec.port;
      const healthy = t.health === 'healthy';
      if (spec.type === 'instance') {
        // a terminated instance is deregistered from its target groups
        if (terminated.has(t.id) || !ctx.ref(t.id, ['instance'], `${at}.id`)) return;
        const eni = ctx.network.instances.get(t.id)?.enis[0];
        if (!eni) return;
        if (eni.vpc !== vpc) {
          ctx.problem(`${at}.id`, `${t.id} is not in ${vpc.id}, the target group's VPC`, 'InvalidTarget');
          return;
        }
        targets.push({ id: t.id, ip: eni.primaryIp, port, zone: eni.subnet.az, healthy, instance: t.id });
        return;
      }
      const ip = parseIp(t.id);
      const subnet = ip === undefined ? undefined : vpc.subnets.find((s) => cidrContains(s.cidr, ip));
      if (ip === undefined || !subnet) {
        ctx.problem(`${at}.id`, `${t.id} is not an address in a subnet of ${vpc.id}`, 'InvalidTarget');
        return;
      }
      const instance = vpc.ipOwners.get(ip)?.instance?.id;
      targets.push({ id: t.id, ip, port, zone: subnet.az, healthy, ...(instance ? { instance } : {}) });
    });
    const preserveClientIp = spec.preserveClientIp ?? (spec.type === 'instance' || spec.protocol === 'udp');
    groups.set(spec.id, { id: spec.id, protocol: spec.protocol, preserveClientIp, targets });
    groupVpc.set(spec.id, spec.vpc);
  });
  ctx.topology.loadBalancers.forEach((spec, i) => {
    const path = `topology.loadBalancers[${i}]`;
    if (!ctx.declare(spec.id, 'load-balancer', path)) return;
    if (!ctx.ref(spec.vpc, ['vpc'], `${path}.vpc`)) return;
    const vpc = ctx.network.vpcs.get(spec.vpc)!;
    const node: LoadBalancerNode = {
      id: spec.id,
      vpc,
      nodes: [],
      listeners: [],
      crossZone: spec.crossZone,
      filters: spec.securityGroups.length > 0,
    };
    const zones = new Set<string>();
    spec.nodes.forEach((n, k) => {
      const eni = buildServiceEni(ctx, n, vpc, `${path}.nodes[${k}]`, {
        groups: (sn) =>
          spec.securityGroups.length > 0 ? resolveGroups(ctx, spec.securityGroups, sn, `${path}.securityGroups`) : [],
        owner: { loadBalancer: node },
        wrongVpc: 'InvalidSubnet',
        accept: (subnet) => {
          if (zones.has(subnet.az))
            return {
              message: `a load balancer takes one subnet per Availability Zone (${subnet.az})`,
              code: 'InvalidConfigurationRequest',
            };
          zones.add(subnet.az);
          return undefined;
        },
      });
      if (eni) node.nodes.push(eni);
    });
    const ports = new Set<string>();
    spec.listeners.forEach((l, k) => {
      const at = `${path}.listeners[${k}]`;
      const key = `${l.protocol === 'tcp_udp' ? 'tcp' : l.protocol === 'tls' ? 'tcp' : l.protocol}/${l.port}`;
      if (ports.has(key) || (l.protocol === 'tcp_udp' && ports.has(`udp/${l.port}`))) {
        ctx.problem(`${at}.port`, `another listener already uses port ${l.port}`, 'DuplicateListener');
        return;
      }
      ports.add(key);
      if (l.protocol === 'tcp_udp') ports.add(`udp/${l.port}`);
      if (!ctx.ref(l.targetGroup, ['target-group'], `${at}.targetGroup`)) return;
      const group = groups.get(l.targetGroup);
      if (!group) return;
      if (groupVpc.get(l.targetGroup) !== vpc.id) {
        ctx.problem(`${at}.targetGroup`, `${l.targetGroup} is in another VPC than ${spec.id}`, 'ValidationError');
        return;
      }
      if (!FORWARDS_TO[l.protocol].includes(group.protocol)) {
        ctx.problem(
          `${at}.targetGroup`,
          `a ${l.protocol.toUpperCase()} listener cannot forward to a ${group.protocol.toUpperCase()} target group`,
          'IncompatibleProtocols',
        );
        return;
      }
      node.listeners.push({ protocol: l.protocol, port: l.port, group });
    });
    ctx.network.loadBalancers.set(spec.id, node);
  });
}
