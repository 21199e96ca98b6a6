import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A VPC: one CIDR block or a list (the first is primary, the rest secondary, R3). */
export const VpcSchema = z.strictObject({
  id: IdSchema,
  cidr: z.union([CidrTextSchema, z.array(CidrTextSchema).min(1)]).transform((c) => (Array.isArray(c) ? c : [c])),
  name: z.string().optional(),
  account: z.string().optional(),
  region: z.string().optional(),
});
export type Vpc = z.infer<typeof VpcSchema>;
