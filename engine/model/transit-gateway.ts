import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

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
