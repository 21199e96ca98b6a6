import { z } from 'zod';
import { CidrTextSchema, IdSchema, IpTextSchema } from './common';

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
    .array(z.strictObject({ outsideIp: IpTextSchema, insideCidr: CidrTextSchema.optional() }))
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

/** What a connection's far end announces over BGP: its own list and its customer gateway's networks. */
export function announcedPrefixes(c: VpnConnection, gateways: readonly CustomerGateway[]): string[] {
  const cgw = c.customerGateway === undefined ? undefined : gateways.find((g) => g.id === c.customerGateway);
  return [...new Set([...c.onPremisesPrefixes, ...(cgw?.prefixes ?? [])])];
}
