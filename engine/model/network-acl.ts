import { z } from 'zod';
import { CidrTextSchema, IdSchema, PortsSchema, ProtocolSchema } from './common';

/** A numbered NACL entry; the lowest matching number decides (R76). */
export const NaclRuleSchema = z.strictObject({
  rule: z.number().int().min(1).max(32766),
  protocol: ProtocolSchema,
  ports: PortsSchema.optional(),
  cidr: CidrTextSchema,
  action: z.enum(['allow', 'deny']),
});
export type NaclRule = z.infer<typeof NaclRuleSchema>;

/** A network ACL (R75–R82): stateless, evaluated where traffic crosses a subnet's edge. */
export const NetworkAclSchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema,
  default: z.boolean().default(false),
  subnets: z.array(IdSchema).default([]),
  inbound: z.array(NaclRuleSchema).default([]),
  outbound: z.array(NaclRuleSchema).default([]),
});
export type NetworkAcl = z.infer<typeof NetworkAclSchema>;
