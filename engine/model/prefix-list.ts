import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A managed prefix list, usable as a route destination or a rule peer (R35, R69). */
export const PrefixListSchema = z.strictObject({
  id: IdSchema,
  entries: z.array(CidrTextSchema).default([]),
  name: z.string().optional(),
  /** the most entries it may hold (create-managed-prefix-list --max-entries); default: its entries, at least 10 */
  maxEntries: z.number().int().min(1).max(1000).optional(),
  /** bumped by each modify-managed-prefix-list, which must name the current one */
  version: z.number().int().min(1).default(1),
});
export type PrefixList = z.infer<typeof PrefixListSchema>;
