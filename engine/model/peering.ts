import { z } from 'zod';
import { IdSchema } from './common';

/** A VPC peering connection (R86–R92); accepted in the schema, forwarded in a later version. */
export const PeeringConnectionSchema = z.strictObject({
  id: IdSchema,
  requester: IdSchema,
  accepter: IdSchema,
  status: z.enum(['active', 'pending-acceptance', 'failed', 'rejected', 'deleted']).default('active'),
});
export type PeeringConnection = z.infer<typeof PeeringConnectionSchema>;
