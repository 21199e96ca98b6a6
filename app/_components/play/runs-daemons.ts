import type { Topology } from '@/engine/model/topology';

/** Whether timers run anywhere: keepalived or FRR in a guest, or FRR on an on-premises router. */
export function runsDaemons(t: Topology): boolean {
  return (
    t.instances.some((i) => i.os.vrrp !== undefined || i.os.bgp !== undefined) ||
    t.onPremisesRouters.some((r) => r.os.bgp !== undefined)
  );
}
