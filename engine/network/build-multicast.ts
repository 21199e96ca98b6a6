import { isMulticast, parseIp } from '../net/ipv4';
import type { BuildContext } from './context';
import type { EniNode, MulticastDomainNode } from './network';

/**
 * Transit gateway multicast domains (R104): only on a gateway created with multicast support;
 * each associated subnet belongs to one of the gateway's VPC attachments and to one domain at
 * most; group addresses are multicast; members and sources are interfaces in associated subnets.
 */
export function buildMulticastDomains(ctx: BuildContext): void {
  ctx.topology.transitGateways.forEach((t, i) => {
    const tgw = ctx.network.transitGateways.get(t.id);
    if (!tgw) return;
    t.multicastDomains.forEach((d, k) => {
      const path = `topology.transitGateways[${i}].multicastDomains[${k}]`;
      if (!ctx.declare(d.id, 'transit-gateway-multicast-domain', path)) return;
      if (!t.multicast) {
        ctx.problem(`${path}`, `${t.id} was not created with multicast support (R104)`, 'IncorrectState');
        return;
      }
      const attached = new Set(tgw.attachments.filter((a) => a.tgw === tgw).flatMap((a) => a.subnets.map((s) => s.id)));
      const node: MulticastDomainNode = {
        id: d.id,
        tgw,
        subnets: new Set(),
        staticSources: d.staticSources,
        groups: new Map(),
      };
      d.subnets.forEach((s, j) => {
        if (!ctx.ref(s, ['subnet'], `${path}.subnets[${j}]`)) return;
        if (!attached.has(s)) {
          ctx.problem(
            `${path}.subnets[${j}]`,
            `${s} is not a subnet of a VPC attachment of ${t.id}`,
            'InvalidParameterValue',
          );
          return;
        }
        const other = ctx.network.multicastBySubnet.get(s);
        if (other) {
          ctx.problem(
            `${path}.subnets[${j}]`,
            `${s} is associated with ${other.id} already (R104)`,
            'InvalidParameterValue',
          );
          return;
        }
        node.subnets.add(s);
        ctx.network.multicastBySubnet.set(s, node);
      });
      d.groups.forEach((g, j) => {
        const at = `${path}.groups[${j}]`;
        const ip = parseIp(g.group)!;
        if (!isMulticast(ip)) {
          ctx.problem(`${at}.group`, `${g.group} is not a multicast address (224.0.0.0/4)`, 'InvalidParameterValue');
          return;
        }
        const enis = (ids: string[], field: string): EniNode[] =>
          ids.flatMap((id, n) => {
            if (!ctx.ref(id, ['network-interface'], `${at}.${field}[${n}]`)) return [];
            const eni = ctx.network.enis.get(id);
            if (!eni) return [];
            if (!node.subnets.has(eni.subnet.id)) {
              ctx.problem(
                `${at}.${field}[${n}]`,
                `${id} is in ${eni.subnet.id}, which is not associated with ${d.id}`,
                'InvalidParameterValue',
              );
              return [];
            }
            return [eni];
          });
        node.groups.set(ip, {
          members: enis(g.members, 'members'),
          sources: new Set(enis(g.sources, 'sources').map((e) => e.id)),
        });
      });
    });
  });
}
