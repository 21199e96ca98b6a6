import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A VPC: one CIDR block or a list (the first is primary, the rest secondary, R3). */
export const VpcSchema = z.strictObject({
  id: IdSchema,
  cidr: z.union([CidrTextSchema, z.array(CidrTextSchema).min(1)]).transform((c) => (Array.isArray(c) ? c : [c])),
  name: z.string().optional(),
  account: z.string().optional(),
  region: z.string().optional(),
  /** enableDnsSupport: the Amazon resolver answers in this VPC (default on) */
  dnsSupport: z.boolean().default(true),
  /** enableDnsHostnames: instances with a public IP get a public DNS name (default off for a VPC you create) */
  dnsHostnames: z.boolean().default(false),
});
export type Vpc = z.infer<typeof VpcSchema>;
