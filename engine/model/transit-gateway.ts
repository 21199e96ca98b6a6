import { z } from 'zod';
import { CidrTextSchema, IdSchema, IpTextSchema } from './common';

const TableRefSchema = z.union([IdSchema]);

/**
 * A transit gateway (R93–R104). An attachment names a VPC (with one subnet per Availability
 * Zone it enables), a VPN connection, or, for a transit gateway peering, the other transit
 * gateway (`peer`): the attachment is declared once, and the peer's route tables name it too.
 */
export const TransitGatewaySchema = z.strictObject({
  id: IdSchema,
  /**
   * Every attachment's association and propagation is listed in the route tables: the default
   * table applies to none (the CLI sets it when it changes one, as AWS applies the default only
   * when an attachment is created).
   */
  explicitLinks: z.boolean().default(false),
  /** SecurityGroupReferencingSupport on the gateway (R103; default disabled) */
  securityGroupReferencing: z.boolean().default(false),
  defaultRouteTable: z
    .union([z.literal('none'), z.strictObject({ association: TableRefSchema, propagation: TableRefSchema })])
    .optional(),
  attachments: z
    .array(
      z.strictObject({
        id: IdSchema,
        vpc: IdSchema.optional(),
        vpn: IdSchema.optional(),
        peer: IdSchema.optional(),
        subnets: z.array(IdSchema).default([]),
        applianceMode: z.boolean().default(false),
        securityGroupReferencing: z.boolean().default(false),
        /**
         * A peering attachment carries traffic only once the other side accepted it
         * (create-/accept-transit-gateway-peering-attachment); VPC and VPN attachments are available.
         */
        state: z.enum(['available', 'pendingAcceptance', 'rejected', 'deleted']).default('available'),
      }),
    )
    .default([]),
  /** created with multicast support (MulticastSupport, R104): it may hold multicast domains */
  multicast: z.boolean().default(false),
  /**
   * Multicast domains (R104): the subnets associated with each (subnets of this gateway's VPC
   * attachments, a subnet in one domain at most), and per group address the members (network
   * interfaces registered statically) and, with `staticSources`, the only interfaces that may send.
   */
  multicastDomains: z
    .array(
      z.strictObject({
        id: IdSchema,
        subnets: z.array(IdSchema).default([]),
        staticSources: z.boolean().default(false),
        groups: z
          .array(
            z.strictObject({
              group: IpTextSchema,
              members: z.array(IdSchema).default([]),
              sources: z.array(IdSchema).default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  routeTables: z
    .array(
      z.strictObject({
        id: IdSchema,
        associations: z.array(IdSchema).default([]),
        propagations: z.array(IdSchema).default([]),
        routes: z.array(z.strictObject({ destination: CidrTextSchema, target: IdSchema })).default([]),
      }),
    )
    .default([]),
});
export type TransitGateway = z.infer<typeof TransitGatewaySchema>;
