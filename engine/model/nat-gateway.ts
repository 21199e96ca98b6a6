import { z } from 'zod';
import { IdSchema, IpTextSchema } from './common';

/**
 * A NAT gateway in one subnet (R60–R65). A public one holds an Elastic IP (`publicIp`, or
 * `allocationId` naming an `elasticIps` entry); a private one has none.
 */
export const NatGatewaySchema = z.strictObject({
  id: IdSchema,
  subnet: IdSchema,
  privateIp: IpTextSchema.optional(),
  publicIp: IpTextSchema.optional(),
  allocationId: IdSchema.optional(),
  connectivity: z.enum(['public', 'private']).default('public'),
  /** a deleted NAT gateway is kept so routes to it show as blackholes (R65) */
  state: z.enum(['available', 'deleted']).default('available'),
  /**
   * The simulated second a NAT gateway made by `create-nat-gateway` was created: its describe
   * answers `pending` for its first NAT_PENDING_SECONDS (nat-pending.ts), then `available`.
   */
  createdAt: z.number().min(0).optional(),
});
export type NatGateway = z.infer<typeof NatGatewaySchema>;
