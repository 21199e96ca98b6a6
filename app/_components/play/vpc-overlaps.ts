import { cidrOverlaps, parseCidr } from '@/engine/net/ipv4';
import type { Topo } from './graph-types';

/**
 * For each VPC, the other VPCs whose blocks overlap its own. AWS will not peer two of them (R87)
 * but a third VPC may peer with both, and then only its route tables tell them apart (R91): the
 * diagram marks them so the learner sees the shared range before a reply goes to the wrong one.
 */
export function overlappingVpcs(t: Topo): Map<string, string[]> {
  const blocks = (t.vpcs ?? []).map((v) => ({
    id: v.id,
    cidrs: (Array.isArray(v.cidr) ? v.cidr : [v.cidr]).flatMap((c) => {
      const parsed = parseCidr(c);
      return parsed ? [parsed.cidr] : [];
    }),
  }));
  const out = new Map<string, string[]>();
  for (const a of blocks) {
    const others = blocks.filter((b) => b.id !== a.id && a.cidrs.some((x) => b.cidrs.some((y) => cidrOverlaps(x, y))));
    if (others.length > 0)
      out.set(
        a.id,
        others.map((b) => b.id),
      );
  }
  return out;
}
