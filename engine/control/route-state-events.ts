import type { Network, RouteNode } from '../network/network';

/** A route that changed state in one control-plane change: a target deleted, or a blackhole repaired. */
export interface RouteStateChange {
  table: string;
  text: string;
  blackhole: boolean;
}

/** One route per destination as written: a prefix-list route is one route, whatever its entries (R35). */
function byDestination(routes: readonly RouteNode[]): Map<string, RouteNode> {
  const out = new Map<string, RouteNode>();
  for (const r of routes) if (!out.has(r.destinationText)) out.set(r.destinationText, r);
  return out;
}

/**
 * The routes a change turned into blackholes, or brought back: AWS answers `delete-nat-gateway`
 * with the gateway's id alone, and the routes that named it stay, in `blackhole` state, until
 * someone edits them (R40, R65). The timeline says so where the console does not.
 */
export function routeStateChanges(before: Network, after: Network): RouteStateChange[] {
  const out: RouteStateChange[] = [];
  for (const [id, table] of after.routeTables) {
    const old = byDestination(before.routeTables.get(id)?.routes ?? []);
    for (const [dest, r] of byDestination(table.routes)) {
      const was = old.get(dest);
      if (!was) continue;
      const wasDead = was.target.kind === 'blackhole';
      if (r.target.kind === 'blackhole' && !wasDead)
        out.push({
          table: id,
          text: `${dest} -> ${r.targetText} is now a blackhole: ${r.target.why} (R40)`,
          blackhole: true,
        });
      else if (wasDead && r.target.kind !== 'blackhole')
        out.push({ table: id, text: `${dest} -> ${r.targetText} is active again`, blackhole: false });
    }
  }
  return out;
}
