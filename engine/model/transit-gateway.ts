import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

const TableRefSchema = z.union([IdSchema]);

/** A transit gateway (R93–R104); accepted in the schema, forwarded in a later version. */
export const TransitGatewaySchema = z.strictObject({
  id: IdSchema,
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
