import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A subnet sits in one VPC and one Availability Zone (R1). */
export const SubnetSchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema,
  az: z.string().min(1).optional(),
  cidr: CidrTextSchema,
  name: z.string().optional(),
  /** instances launched here get a public IPv4 address unless the launch says otherwise (R17) */
  mapPublicIpOnLaunch: z.boolean().default(false),
});
export type Subnet = z.infer<typeof SubnetSchema>;
