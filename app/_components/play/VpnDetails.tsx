'use client';
import type { DetailsTopo } from './ResourceDetails';
import { ruleLink as rule } from './rule-links';

/** What the inspector may do to a VPN: take a tunnel down and bring it back, open the router's frr.conf. */
export interface VpnActions {
  /** what the simulator holds down now (tunnels as `vpn-dc/198.51.100.21`) */
  failed?: readonly string[];
  canFail?: (id: string) => boolean;
  onSimulate?: (step: { fail: string } | { recover: string }) => void;
  /** the selected router's files, when the level lets the learner open them */
  files?: { path: string }[];
  onOpenFile?: (path: string) => void;
}

/** Whether the id is a VPN connection, a virtual private gateway or an on-premises router. */
export function isVpnPart(t: DetailsTopo, id: string): boolean {
  return (
    (t.vpnConnections ?? []).some((c) => c.id === id && (c.tunnels ?? []).length > 0) ||
    (t.vpnGateways ?? []).some((g) => g.id === id) ||
    (t.onPremisesRouters ?? []).some((r) => r.id === id)
  );
}

/**
 * A Site-to-Site VPN in the inspector: the connection's tunnels (IPsec, BGP, what each taught
 * the gateway) with a button to fail or recover each; the gateway's ASN and what it has learned;
 * the router behind the customer gateway, its sessions, and its frr.conf to open (R105–R108).
 */
export function VpnDetails({
  t,
  id,
  failed = [],
  canFail = () => false,
  onSimulate,
  files = [],
  onOpenFile,
}: { t: DetailsTopo; id: string } & VpnActions) {
  const gw = t.vpnGateways?.find((g) => g.id === id);
  const router = t.onPremisesRouters?.find((r) => r.id === id);
  const conns = (t.vpnConnections ?? []).filter(
    (c) => c.id === id || c.gateway === id || (router && c.customerGateway === router.customerGateway),
  );
  const learned = [
    ...new Set(conns.flatMap((c) => (c.tunnels ?? []).flatMap((x) => (x.bgp?.up ? x.bgp.learned : [])))),
  ];
  return (
    <div data-testid="resource-details">
      {gw && (
        <p>
          Virtual private gateway{gw.vpc ? ` attached to ${gw.vpc}` : ' (detached)'}, AWS side AS{' '}
          {gw.amazonSideAsn ?? 64512}. It forwards only to prefixes it learned over a tunnel ({rule('R107')}); a route
          table sees them only where propagation is on ({rule('R106')}). Learned now:{' '}
          {learned.length > 0 ? learned.join(', ') : 'nothing'}.
        </p>
      )}
      {router && (
        <p>
          On-premises router behind {router.customerGateway}, running FRR
          {router.os?.bgp ? ` as AS ${router.os.bgp.asn}` : ' without BGP'}. Each tunnel is its own BGP session; its
          neighbour is AWS&apos;s inside address, the first of the tunnel&apos;s /30 ({rule('R105')}).
        </p>
      )}
      {!gw && !router && (
        <p>
          Site-to-Site VPN from {conns[0]?.gateway}
          {conns[0]?.customerGateway ? ` to ${conns[0].customerGateway}` : ''}: two tunnels, each its own IPsec and,
          with BGP, its own session; the gateway sends on one at a time ({rule('R105')}, {rule('R108')}).
        </p>
      )}
      {conns.map((c) => (
        <table className="kv" aria-label={`${c.id} tunnels`} key={c.id}>
          <thead>
            <tr>
              <th>{c.id} tunnel</th>
              <th>inside</th>
              <th>IPsec</th>
              <th>BGP</th>
              {onSimulate && <th>simulator</th>}
            </tr>
          </thead>
          <tbody>
            {(c.tunnels ?? []).map((x, i) => {
              const tid = `${c.id}/${x.outsideIp}`;
              const down = failed.includes(tid);
              return (
                <tr key={x.outsideIp}>
                  <td>
                    {i + 1}: {x.outsideIp}
                  </td>
                  <td>{x.insideCidr ?? ''}</td>
                  <td>{down ? 'down' : 'up'}</td>
                  <td>
                    {!x.bgp
                      ? (c.routing ?? 'static')
                      : x.bgp.up
                        ? `up: ${x.bgp.learned.join(', ') || 'no routes'}`
                        : 'down'}
                  </td>
                  {onSimulate && (
                    <td>
                      {canFail(tid) && (
                        <button onClick={() => onSimulate(down ? { recover: tid } : { fail: tid })}>
                          {down ? 'Recover' : 'Fail'} tunnel {i + 1}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
      {router && files.length > 0 && onOpenFile && (
        <p>
          {files.map((f) => (
            <button key={f.path} className="link-button" onClick={() => onOpenFile(f.path)}>
              Open {f.path}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
