import { z } from 'zod';
import { CidrTextSchema, IdSchema, IpTextSchema } from './common';
import { BgpConfigSchema } from './guest-os';
import { ipToString, parseCidr } from '../net/ipv4';

/** A virtual private gateway (R105–R110); without `vpc` it is detached. */
export const VpnGatewaySchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema.optional(),
  /** the AWS side's BGP ASN (64512 unless chosen at creation) */
  amazonSideAsn: z.number().int().min(1).max(4294967294).default(64512),
});
export type VpnGateway = z.infer<typeof VpnGatewaySchema>;

/** A Site-to-Site VPN connection on a VGW or a transit gateway. */
export const VpnConnectionSchema = z.strictObject({
  id: IdSchema,
  gateway: IdSchema,
  routing: z.enum(['bgp', 'static']).default('static'),
  onPremisesPrefixes: z.array(CidrTextSchema).default([]),
  staticRoutes: z.array(CidrTextSchema).default([]),
  /** the on-premises end: a customer gateway (its public address and BGP ASN) */
  customerGateway: IdSchema.optional(),
  /**
   * The connection's two tunnels, each with AWS's outside address and its inside /30 in
   * 169.254.0.0/16 (AWS's end is the first address, the customer gateway's the second). Traffic
   * takes the first tunnel that is up; a `fail` step names one as `<vpn id>/<outside ip>`.
   */
  tunnels: z
    .array(
      z.strictObject({
        outsideIp: IpTextSchema,
        insideCidr: CidrTextSchema.optional(),
        /**
         * Where an on-premises router speaks BGP over the tunnel (`onPremisesRouters`): whether
         * its session is up and what the gateway learned over it. The control plane writes it
         * as sessions come and go; without it the connection's announced prefixes hold.
         */
        bgp: z
          .strictObject({
            up: z.boolean(),
            learned: z.array(CidrTextSchema).default([]),
            /** how many ASes the learned paths carry: 1, plus the router's outbound prepends (R108) */
            asPathLength: z.number().int().min(1).max(33).default(1),
          })
          .optional(),
      }),
    )
    .max(2, 'a VPN connection has two tunnels')
    .default([]),
});
export type VpnConnection = z.infer<typeof VpnConnectionSchema>;

/**
 * A customer gateway: the on-premises router at the far end of VPN connections (R105), with its
 * public address, its BGP ASN and the networks it announces over BGP on every dynamic connection
 * that ends on it. A host behind it (`externalHosts[].via: cgw-…`) is reached over whichever of
 * those connections has a tunnel up.
 */
export const CustomerGatewaySchema = z.strictObject({
  id: IdSchema,
  ip: IpTextSchema,
  bgpAsn: z.number().int().min(1).max(4294967294).default(65000),
  prefixes: z.array(CidrTextSchema).default([]),
});
export type CustomerGateway = z.infer<typeof CustomerGatewaySchema>;

/**
 * The on-premises router behind a customer gateway, as a guest (R105): the networks it is
 * connected to, and its FRR, whose BGP neighbours are the tunnels' AWS inside addresses. It
 * announces what its `network` statements name among its connected networks; the gateway learns
 * that over each tunnel whose session is up.
 */
export const OnPremisesRouterSchema = z.strictObject({
  id: IdSchema,
  customerGateway: IdSchema,
  networks: z.array(CidrTextSchema).default([]),
  os: z.strictObject({ bgp: BgpConfigSchema.optional() }).default({}),
});
export type OnPremisesRouter = z.infer<typeof OnPremisesRouterSchema>;

/**
 * What a connection's far end announces over BGP: what the gateway learned over the tunnels whose
 * session is up, where a router speaks BGP over them; else its own list and its customer gateway's
 * networks.
 */
export function announcedPrefixes(c: VpnConnection, gateways: readonly CustomerGateway[]): string[] {
  if (c.tunnels.some((t) => t.bgp)) return [...new Set(c.tunnels.flatMap((t) => (t.bgp?.up ? t.bgp.learned : [])))];
  const cgw = c.customerGateway === undefined ? undefined : gateways.find((g) => g.id === c.customerGateway);
  return [...new Set([...c.onPremisesPrefixes, ...(cgw?.prefixes ?? [])])];
}

/** The gateway's end of a tunnel's inside /30: its first usable address (the router's is the second). */
export function awsInsideIp(insideCidr: string | undefined): string | undefined {
  const c = insideCidr === undefined ? undefined : parseCidr(insideCidr)?.cidr;
  return c ? ipToString(c.base + 1) : undefined;
}
