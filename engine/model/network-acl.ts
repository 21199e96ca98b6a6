import { z } from 'zod';
import { CidrTextSchema, IdSchema, PortsSchema, ProtocolSchema } from './common';

/** The ICMP type and code an entry matches (the API's IcmpTypeCode); -1 is any. */
export const IcmpTypeCodeSchema = z.strictObject({
  type: z.number().int().min(-1).max(255),
  code: z.number().int().min(-1).max(255).default(-1),
});
export type IcmpTypeCode = z.infer<typeof IcmpTypeCodeSchema>;

/** A numbered NACL entry; the lowest matching number decides (R76). */
export const NaclRuleSchema = z.strictObject({
  rule: z.number().int().min(1).max(32766),
  protocol: ProtocolSchema,
  ports: PortsSchema.optional(),
  /** ICMP entries: the type and code matched (absent: every ICMP message) */
  icmp: IcmpTypeCodeSchema.optional(),
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
