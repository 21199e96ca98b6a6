'use client';
import { routeServerFib } from '@/engine/model/route-server';
import type { DetailsTopo } from './ResourceDetails';
import { ruleLink as rule } from './rule-links';

type RouteServer = NonNullable<DetailsTopo['routeServers']>[number];

/** Whether the id is a route server or one of its endpoints or peers. */
export function routeServerOf(t: DetailsTopo, id: string): RouteServer | undefined {
  return t.routeServers?.find(
    (rs) => rs.id === id || rs.endpoints?.some((e) => e.id === id) || rs.peers?.some((p) => p.id === id),
  );
}

/**
 * A VPC Route Server in the inspector (R111, R119): its endpoints, each peer with its BGP and BFD
 * state (BFD needs the peer created with it and the appliance's `neighbor … bfd`, A-RS3), the
 * RIB with the path per prefix it installs, and the tables it installs into.
 */
export function RouteServerDetails({
  t,
  rs,
  sessions,
}: {
  t: DetailsTopo;
  rs: RouteServer;
  /** established sessions, as `<instance>|<endpoint>` */
  sessions: ReadonlySet<string>;
}) {
  const fib = new Set(routeServerFib({ rib: rs.rib ?? [] }));
  const holder = (ip: string) =>
    t.instances?.find((i) => i.interfaces.some((e) => e.privateIp === ip || (e.secondaryIps ?? []).includes(ip)));
  return (
    <div data-testid="resource-details">
      <p>
        VPC Route Server{rs.vpc ? ` associated with ${rs.vpc}` : ' (not associated)'}, AS {rs.amazonSideAsn ?? 65000}.
        Appliances open BGP sessions to its endpoints; it installs the best path of each prefix into the tables it
        propagates into, and moves them when a peer goes down ({rule('R111')}, {rule('R119')}). Propagates into:{' '}
        {(rs.propagations ?? []).join(', ') || 'no table'}.
      </p>
      <table className="kv" aria-label={`${rs.id} peers`}>
        <thead>
          <tr>
            <th>peer</th>
            <th>endpoint</th>
            <th>liveness</th>
            <th>BGP</th>
            <th>BFD</th>
          </tr>
        </thead>
        <tbody>
          {(rs.peers ?? []).map((p) => {
            const ep = rs.endpoints?.find((e) => e.id === p.endpoint);
            const inst = holder(p.peerAddress);
            const up = inst !== undefined && sessions.has(`${inst.id}|${p.endpoint}`);
            const bfd = p.livenessDetection === 'bfd';
            const guestBfd = inst?.os?.bgp?.neighbors?.some((n) => n.ip === ep?.privateIp && n.bfd) === true;
            return (
              <tr key={p.id}>
                <td>
                  {p.id}: {p.peerAddress} (AS {p.peerAsn}
                  {inst ? `, ${inst.id}` : ''})
                </td>
                <td>
                  {p.endpoint}
                  {ep?.privateIp ? ` ${ep.privateIp}` : ''}
                </td>
                <td>{p.livenessDetection ?? 'bgp-keepalive'}</td>
                <td>{up ? 'up' : 'down: the endpoint waits for the appliance to connect'}</td>
                <td>{!bfd ? '—' : up && guestBfd ? 'up' : 'down'}</td>
              </tr>
            );
          })}
          {(rs.peers ?? []).length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                no peers
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <table className="kv" aria-label={`${rs.id} routing database`}>
        <thead>
          <tr>
            <th>prefix</th>
            <th>next hop</th>
            <th>AS path</th>
            <th>status</th>
          </tr>
        </thead>
        <tbody>
          {(rs.rib ?? []).map((p) => (
            <tr key={`${p.prefix}|${p.peer}`}>
              <td>{p.prefix}</td>
              <td>{p.nextHop}</td>
              <td>{p.asPath.join(' ')}</td>
              <td>{fib.has(p) ? 'in-fib (installed)' : 'in-rib'}</td>
            </tr>
          ))}
          {(rs.rib ?? []).length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                empty: no peer is up
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
