import { z } from 'zod';
import { IdSchema, PortsSchema, ProtocolSchema } from './common';

const PeerSchema = z.string().min(1);

const RuleBase = {
  /** the rule's id (`sgr-…`); given one when the lab is loaded, if it has none */
  id: IdSchema.optional(),
  protocol: ProtocolSchema,
  ports: PortsSchema.optional(),
  description: z.string().optional(),
};

/** An inbound rule: a CIDR, a security group id or a prefix list id as `source` (R69). */
export const InboundRuleSchema = z.strictObject({ ...RuleBase, source: PeerSchema });
/** An outbound rule: `destination` is a CIDR, a group id or a prefix list id. */
export const OutboundRuleSchema = z.strictObject({ ...RuleBase, destination: PeerSchema });
export type InboundRule = z.infer<typeof InboundRuleSchema>;
export type OutboundRule = z.infer<typeof OutboundRuleSchema>;

/**
 * A security group (R66–R74). Without `outbound` it gets AWS's default (all traffic out);
 * without `inbound` nothing is allowed in; `default: true` makes it the VPC's default group,
 * which also allows all traffic from its own members (R70).
 */
export const SecurityGroupSchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema,
  name: z.string().optional(),
  /** what create-security-group was told the group is for */
  description: z.string().optional(),
  default: z.boolean().default(false),
  inbound: z.array(InboundRuleSchema).optional(),
  outbound: z.array(OutboundRuleSchema).optional(),
});
export type SecurityGroup = z.infer<typeof SecurityGroupSchema>;
