'use client';
import type { Topo } from './graph';
import { TgwDetails } from './TgwDetails';
import { ruleLink as rule } from './rule-links';
import { isVpnPart, VpnDetails, type VpnActions } from './VpnDetails';
import { RouteServerDetails, routeServerOf } from './RouteServerDetails';

/** The parts of the network these details read: the diagram's, with what gateways and hosts add. */
export type DetailsTopo = Omit<Topo, 'natGateways' | 'externalHosts'> & {
  natGateways?: (NonNullable<Topo['natGateways']>[number] & { privateIp?: string; publicIp?: string })[];
  externalHosts?: { id: string; ip: string; listen?: { protocol: number; ports?: { from: number; to: number } }[] }[];
};

/**
 * What matters about a resource the learner cannot edit from the inspector: an internet gateway's
 * one-to-one address table (level 1's lesson), a NAT gateway's addresses, an external host, a
 * VPC's subnets and route tables, an ENI drawn away from its instance.
 */
export function ResourceDetails({
  t,
  id,
  hidePublic,
  sessions = [],
  ...vpnProps
}: {
  t: DetailsTopo;
  id: string;
  hidePublic: boolean;
  /** the BGP sessions up now, as `<instance>|<neighbour node>` (a route server's peers) */
  sessions?: readonly string[];
} & VpnActions) {
  const igw = t.internetGateways?.find((g) => g.id === id);
  if (igw) {
    // R53: the gateway translates each public address to the private address it is paired with
    const pairs = [
      ...(t.instances ?? []).flatMap((i) =>
        i.interfaces
          .filter((e) => e.publicIp)
          .map((e) => ({ pub: e.publicIp!, priv: e.privateIp ?? '?', where: `${e.id} (${i.id})` })),
      ),
      ...(t.elasticIps ?? [])
        .filter((a) => a.networkInterface)
        .map((a) => ({
          pub: a.publicIp,
          priv: a.privateIp ?? primaryIp(t, a.networkInterface!),
          where: `${a.networkInterface} (Elastic IP ${a.id})`,
        })),
      ...(t.natGateways ?? [])
        .filter((n) => n.publicIp && n.state !== 'deleted')
        .map((n) => ({ pub: n.publicIp!, priv: n.privateIp ?? '?', where: n.id })),
    ];
    const unique = [...new Map(pairs.map((p) => [p.pub, p])).values()];
    const via = (t.routeTables ?? []).filter((r) => r.routes?.some((x) => x.target === igw.id));
    return (
      <div data-testid="resource-details">
        <p>
          Internet gateway{igw.vpc ? ` attached to ${igw.vpc}` : ' (not attached)'}. It keeps a one-to-one table of
          public ↔ private addresses and rewrites each packet that crosses it ({rule('R53')}); no instance holds its
          public address itself.
        </p>
        {hidePublic ? (
          <p className="warn">
            This level hides the public addresses: ask the instance metadata service from an instance (
            <code>curl -s http://169.254.169.254/latest/meta-data/public-ipv4</code>) to find its row.
          </p>
        ) : (
          <table className="kv" aria-label={`${igw.id} address table`}>
            <thead>
              <tr>
                <th>public</th>
                <th>private</th>
                <th>where</th>
              </tr>
            </thead>
            <tbody>
              {unique.map((p) => (
                <tr key={p.pub}>
                  <td>{p.pub}</td>
                  <td>{p.priv}</td>
                  <td>{p.where}</td>
                </tr>
              ))}
              {unique.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    no public addresses yet
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
        <p>
          Routes to it:{' '}
          {via.length === 0
            ? 'none (no subnet is public, R54)'
            : via
                .map(
                  (r) =>
                    `${r.id} ${r
                      .routes!.filter((x) => x.target === igw.id)
                      .map((x) => x.destination)
                      .join(', ')}`,
                )
                .join('; ')}
        </p>
      </div>
    );
  }
  const nat = t.natGateways?.find((n) => n.id === id);
  if (nat)
    return (
      <div data-testid="resource-details">
        <p>
          NAT gateway in {nat.subnet}
          {nat.state === 'deleted' ? ' (deleted: routes to it are blackholes)' : ''}: private {nat.privateIp ?? '?'},
          public {nat.publicIp ?? (hidePublic ? 'hidden in this level' : 'none')}. Connections from the private subnets
          leave with its address as their source; nothing from the internet can open one back in.
        </p>
      </div>
    );
  const host = t.externalHosts?.find((h) => h.id === id);
  if (host)
    return (
      <div data-testid="resource-details">
        <p>
          A host on the internet at <strong>{host.ip}</strong>, outside every VPC: packets to it leave through an
          internet gateway or a NAT gateway, and what it sees as their source is the public address they were given.
        </p>
        {host.listen && host.listen.length > 0 && (
          <p>
            Listens on:{' '}
            {host.listen
              .map(
                (l) =>
                  `${l.protocol === 6 ? 'tcp' : l.protocol === 17 ? 'udp' : 'all'}${l.ports ? `/${l.ports.from === l.ports.to ? l.ports.from : `${l.ports.from}-${l.ports.to}`}` : ''}`,
              )
              .join(', ')}
          </p>
        )}
      </div>
    );
  const vpc = t.vpcs?.find((v) => v.id === id);
  if (vpc) {
    const subnets = (t.subnets ?? []).filter((s) => s.vpc === vpc.id);
    return (
      <div data-testid="resource-details">
        <p>
          VPC {Array.isArray(vpc.cidr) ? vpc.cidr.join(', ') : vpc.cidr}; its router (at each subnet&apos;s base + 1)
          delivers between subnets through the <code>local</code> route.
        </p>
        <table className="kv" aria-label={`${vpc.id} subnets`}>
          <tbody>
            {subnets.map((s) => {
              const rt =
                t.routeTables?.find((r) => r.subnets?.includes(s.id)) ??
                t.routeTables?.find((r) => r.main && r.vpc === vpc.id);
              return (
                <tr key={s.id}>
                  <td>{s.id}</td>
                  <td>{s.cidr}</td>
                  <td>{s.az ?? ''}</td>
                  <td>
                    {rt ? `${rt.id}${rt.main && !rt.subnets?.includes(s.id) ? ' (main)' : ''}` : 'no route table'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p>
          Internet gateway:{' '}
          {(t.internetGateways ?? [])
            .filter((g) => g.vpc === vpc.id)
            .map((g) => g.id)
            .join(', ') || 'none'}
        </p>
      </div>
    );
  }
  if (isVpnPart(t, id)) return <VpnDetails t={t} id={id} {...vpnProps} />;
  const rs = routeServerOf(t, id);
  if (rs) return <RouteServerDetails t={t} rs={rs} sessions={new Set(sessions)} />;
  const tgw = t.transitGateways?.find((g) => g.id === id || g.routeTables?.some((r) => r.id === id));
  if (tgw) return <TgwDetails tgw={tgw} selected={id} />;
  const owner = t.instances?.find((i) => i.interfaces.some((e) => e.id === id));
  const eni = owner?.interfaces.find((e) => e.id === id);
  if (owner && eni)
    return (
      <div data-testid="resource-details">
        <p>
          Network interface of {owner.id} in {eni.subnet}: {eni.privateIp ?? '?'}
          {eni.publicIp ? ` / ${eni.publicIp}` : ''}. Select {owner.id} to change its checks and groups.
        </p>
      </div>
    );
  return (
    <p className="muted">
      Use the console to look at {id} (for example <code>aws ec2 describe-route-tables</code>).
    </p>
  );
}

function primaryIp(t: DetailsTopo, eni: string): string {
  for (const i of t.instances ?? []) for (const e of i.interfaces) if (e.id === eni) return e.privateIp ?? '?';
  return '?';
}
