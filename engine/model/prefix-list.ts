import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A managed prefix list, usable as a route destination or a rule peer (R35, R69). */
export const PrefixListSchema = z.strictObject({
  id: IdSchema,
  entries: z.array(CidrTextSchema).default([]),
  name: z.string().optional(),
});
export type PrefixList = z.infer<typeof PrefixListSchema>;
