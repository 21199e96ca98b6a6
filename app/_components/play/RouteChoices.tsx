'use client';
import type { RouteChoice, RouteLookup } from '@/engine/trace/route-lookup';
import { withRuleLinks } from './rule-links';

const ORIGIN: Record<RouteChoice['origin'], string> = {
  local: 'local',
  static: 'static',
  'prefix-list': 'prefix list',
  propagated: 'propagated',
  advertisement: 'route server',
};

/** What the route table's choice teaches, in one line: a dead winner, or a tie broken by type. */
function caption(routes: RouteChoice[]): string | undefined {
  const [chosen, next] = routes;
  if (!chosen) return undefined;
  if (chosen.state === 'blackhole')
    return routes.length > 1
      ? 'Chosen by length, then found dead: no fallback to a shorter route (R40, A2).'
      : 'Chosen by length, then found dead (R40, A2).';
  if (next && next.destination === chosen.destination)
    return `Same length: ${ORIGIN[chosen.origin]} beats ${ORIGIN[next.origin]} (R35).`;
  return undefined;
}

/**
 * Every route a route table matched for a packet, longest prefix first, the chosen one marked:
 * what the route line alone does not say (a blackhole that still wins, a tie broken by type).
 * Open by itself where that is the lesson; otherwise one click or Enter away.
 */
export function RouteChoices({ lookup }: { lookup: RouteLookup }) {
  const { matched: routes, destination, table } = lookup;
  const chosen = routes[0];
  const note = caption(routes);
  return (
    <details className="route-choices" open={note !== undefined} data-testid="route-choices">
      <summary>
        {routes.length === 0
          ? `${table}: no route matched ${destination}`
          : `${table}: ${routes.length} route${routes.length === 1 ? '' : 's'} matched ${destination}`}
      </summary>
      {chosen && (
        <table className="kv">
          <thead>
            <tr>
              <th scope="col">route</th>
              <th scope="col">type</th>
              <th scope="col">target</th>
              <th scope="col">state</th>
            </tr>
          </thead>
          <tbody>
            {routes.map((r, i) => (
              <tr key={i} className={r.chosen ? 'chosen' : undefined} aria-current={r.chosen ? 'true' : undefined}>
                <td>
                  {r.chosen ? '✓ ' : ''}
                  {r.destination}
                  {r.written !== r.destination ? ` (${r.written})` : ''}
                </td>
                <td>{ORIGIN[r.origin]}</td>
                <td>{r.target}</td>
                <td className={r.state === 'blackhole' ? 'bad' : undefined}>{r.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {note && <p className="muted">{withRuleLinks(note)}</p>}
    </details>
  );
}
