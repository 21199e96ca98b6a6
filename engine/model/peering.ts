import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A VPC peering connection (R86–R92); accepted in the schema, forwarded in a later version. */
export const PeeringConnectionSchema = z.strictObject({
  id: IdSchema,
  requester: IdSchema,
  accepter: IdSchema,
  status: z.enum(['active', 'pending-acceptance', 'failed', 'rejected', 'deleted']).default('active'),
  /**
   * The side that is a VPC outside the lab (another account's, as a snapshot shows it): its id
   * (the requester's or the accepter's), its blocks and its owner. Traffic for it leaves the
   * modelled network across the peering; its answer comes back the same way.
   */
  remote: z
    .strictObject({
      vpc: IdSchema,
      cidrs: z.array(CidrTextSchema).min(1),
      owner: z
        .string()
        .regex(/^\d{12}$/, 'an account id is 12 digits')
        .optional(),
      region: z.string().optional(),
    })
    .optional(),
});
export type PeeringConnection = z.infer<typeof PeeringConnectionSchema>;
