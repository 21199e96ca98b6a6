import { parseCidr } from '../../net/ipv4';
import { awsInsideIp, type OnPremisesRouter } from '../../model/vpn';
import type { Topology } from '../../model/topology';
import { FRR_CONF, printFrr, type FrrHost } from './frr-conf';
import type { GuestFile } from './guest-files';

/** An on-premises router's tunnels: each with its inside /30, the gateway's address there, and what AWS announces over it (the VPC's blocks). */
export function routerTunnels(t: Topology, r: OnPremisesRouter) {
  return t.vpnConnections
    .filter((c) => c.customerGateway === r.customerGateway)
    .flatMap((c) => {
      const vpc = t.vpcs.find((v) => v.id === t.vpnGateways.find((g) => g.id === c.gateway)?.vpc);
      return c.tunnels.flatMap((x, k) => {
        const aws = awsInsideIp(x.insideCidr);
        return aws ? [{ inside: x.insideCidr!, aws, vti: `vti${k + 1}`, fromAws: vpc?.cidr ?? [] }] : [];
      });
    });
}

/** The router as FRR's configuration sees it: its connected networks and the tunnels' inside /30s. */
export function routerFrrHost(t: Topology, r: OnPremisesRouter): FrrHost {
  const nets = [...r.networks, ...routerTunnels(t, r).map((x) => x.inside)];
  return { id: r.id, connected: nets.map((n) => parseCidr(n)!.cidr) };
}

/** The router's one file, its frr.conf, printed from its BGP model (the editor opens it; `cat` prints it). */
export function routerFiles(t: Topology, r: OnPremisesRouter): GuestFile[] {
  return r.os.bgp ? [{ path: FRR_CONF, content: printFrr(routerFrrHost(t, r), r.os.bgp), kind: 'frr' }] : [];
}
