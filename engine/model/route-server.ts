import { z } from 'zod';
import { CidrTextSchema, IdSchema, IpTextSchema } from './common';
import { parseIp } from '../net/ipv4';

/** A route server endpoint: an AWS-managed ENI in a subnet that the appliances peer with (R111). */
export const RouteServerEndpointSchema = z.strictObject({
  id: IdSchema,
  subnet: IdSchema,
  /** its address in the subnet; absent, the lowest free one (A-RS10) */
  privateIp: IpTextSchema.optional(),
});

/** A BGP peer of an endpoint: the appliance's address and ASN, and how its liveness is detected (R111). */
export const RouteServerPeerSchema = z.strictObject({
  id: IdSchema,
  endpoint: IdSchema,
  peerAddress: IpTextSchema,
  peerAsn: z.number().int().min(1).max(4294967294),
  /** fixed at creation: AWS has no modify-route-server-peer */
  livenessDetection: z.enum(['bgp-keepalive', 'bfd']).default('bgp-keepalive'),
});

/** One path the route server learned: its prefix, the BGP next hop, the AS path and the peer it came from. */
export const RouteServerPathSchema = z.strictObject({
  prefix: CidrTextSchema,
  nextHop: IpTextSchema,
  asPath: z.array(z.number().int().min(1)).default([]),
  peer: IdSchema,
});

/**
 * A VPC Route Server (R111, R119): it learns routes from its peers over BGP, keeps every path in
 * its RIB and installs the best of each prefix in the route tables it propagates into. `vpc` is
 * its association. The control plane writes `rib` as sessions come and go (route-server.ts).
 */
export const RouteServerSchema = z.strictObject({
  id: IdSchema,
  amazonSideAsn: z.number().int().min(1).max(4294967294).default(65000),
  vpc: IdSchema.optional(),
  /** keep the routes while every session is down (modify-route-server --persist-routes) */
  persistRoutes: z.boolean().default(false),
  /** minutes the persisted routes stay after BGP returns (1 to 5) */
  persistRoutesDuration: z.number().int().min(1).max(5).optional(),
  endpoints: z.array(RouteServerEndpointSchema).default([]),
  peers: z.array(RouteServerPeerSchema).default([]),
  /** route tables it installs its best routes into */
  propagations: z.array(IdSchema).default([]),
  rib: z.array(RouteServerPathSchema).default([]),
  /**
   * Written by the control plane while the RIB is persisted (every session ended with
   * persistence on): `until`, once a session is back, is when normal routing resumes (the
   * duration after BGP returns; ModifyRouteServer's PersistRoutesDuration).
   */
  persisted: z.strictObject({ until: z.number().optional() }).optional(),
});
export type RouteServer = z.infer<typeof RouteServerSchema>;
export type RouteServerPath = z.infer<typeof RouteServerPathSchema>;

/**
 * The best path of each prefix (A-RS5): shortest AS path, then lowest next hop address; one per
 * prefix, no ECMP. This is the FIB the route server installs.
 */
export function routeServerFib(rs: Pick<RouteServer, 'rib'>): RouteServerPath[] {
  const best = new Map<string, RouteServerPath>();
  const num = (ip: string) => parseIp(ip) ?? 0;
  for (const p of rs.rib) {
    const cur = best.get(p.prefix);
    if (
      !cur ||
      p.asPath.length < cur.asPath.length ||
      (p.asPath.length === cur.asPath.length && num(p.nextHop) < num(cur.nextHop))
    )
      best.set(p.prefix, p);
  }
  return [...best.values()];
}
