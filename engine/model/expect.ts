import { z } from 'zod';
import { IdSchema, IpTextSchema, PortsSchema, ProtocolSchema } from './common';

export const FLOW_RESULTS = ['delivered', 'exits', 'dropped', 'roundtrip', 'request-only', 'reset'] as const;
export type FlowResultKind = (typeof FLOW_RESULTS)[number];

const Ids = z.array(IdSchema);

/** A traffic test (lab-format.md, "expect"). */
export const FlowExpectSchema = z.strictObject({
  from: IdSchema.optional(),
  fromIp: IpTextSchema.optional(),
  to: z.string().min(1).optional(),
  protocol: ProtocolSchema.optional(),
  port: z.number().int().min(0).max(65535).optional(),
  sourcePort: z.number().int().min(0).max(65535).optional(),
  /** `any` (an extension): an experiment that only reports what happened */
  result: z.enum([...FLOW_RESULTS, 'any']).optional(),
  seenSource: IpTextSchema.optional(),
  seenDestination: IpTextSchema.optional(),
  seenSourcePort: PortsSchema.optional(),
  via: Ids.optional(),
  notVia: Ids.optional(),
  droppedAt: IdSchema.optional(),
  reason: z
    .string()
    .regex(/^[A-Z0-9_]+$/, 'is not a drop code (UPPER_SNAKE)')
    .optional(),
  replyVia: Ids.optional(),
  replyNotVia: Ids.optional(),
  replySeenSource: IpTextSchema.optional(),
  replyEndsAt: IdSchema.optional(),
  capturedBy: Ids.optional(),
  notCapturedBy: Ids.optional(),
  replyCapturedBy: Ids.optional(),
  flow: z.string().min(1).optional(),
  direction: z.enum(['request', 'reply']).default('request'),
});
export type FlowExpect = z.infer<typeof FlowExpectSchema>;

/** One routing decision, no packet: `{ lookup: rtb-main, destination: 10.0.2.7, target: eni-fw }`. */
export const LookupExpectSchema = z.strictObject({
  lookup: IdSchema,
  destination: IpTextSchema,
  target: z.string().min(1),
});
export type LookupExpect = z.infer<typeof LookupExpectSchema>;

/** Address resolution inside a subnet: `{ from: i-c, arp: 10.0.1.100, result: unresolved }`. */
export const ArpExpectSchema = z.strictObject({
  from: IdSchema,
  arp: IpTextSchema,
  result: z.string().min(1),
});
export type ArpExpect = z.infer<typeof ArpExpectSchema>;
