import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A virtual private gateway (R105–R110); without `vpc` it is detached. */
export const VpnGatewaySchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema.optional(),
});
export type VpnGateway = z.infer<typeof VpnGatewaySchema>;

/** A Site-to-Site VPN connection on a VGW or a transit gateway. */
export const VpnConnectionSchema = z.strictObject({
  id: IdSchema,
  gateway: IdSchema,
  routing: z.enum(['bgp', 'static']).default('static'),
  onPremisesPrefixes: z.array(CidrTextSchema).default([]),
  staticRoutes: z.array(CidrTextSchema).default([]),
});
export type VpnConnection = z.infer<typeof VpnConnectionSchema>;
