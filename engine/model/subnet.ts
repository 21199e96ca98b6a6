import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A subnet sits in one VPC and one Availability Zone (R1). */
export const SubnetSchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema,
  az: z.string().min(1).optional(),
  cidr: CidrTextSchema,
  name: z.string().optional(),
});
export type Subnet = z.infer<typeof SubnetSchema>;
