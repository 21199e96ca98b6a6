import { z } from 'zod';
import { IdSchema, IpTextSchema } from './common';

const PortSchema = z.number().int().min(1).max(65535);
/** What a Network Load Balancer listener or target group speaks (TLS is TCP on the wire). */
export const LbProtocolSchema = z
  .string()
  .transform((s) => s.toLowerCase().replace('-', '_'))
  .pipe(z.enum(['tcp', 'udp', 'tcp_udp', 'tls']));
export type LbProtocol = z.infer<typeof LbProtocolSchema>;

/**
 * An internal Network Load Balancer: a node (a network interface of type
 * `network_load_balancer`) in each subnet it was given, listeners that forward a protocol and
 * port to a target group, and cross-zone load balancing (off by default for NLBs). Its id is
 * the resource part of its ARN, `net/<name>/<hex>` (docs/lab-format-extensions.md).
 */
export const LoadBalancerSchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema,
  scheme: z.literal('internal').default('internal'),
  /** one node per subnet, each in its own Availability Zone */
  nodes: z.array(z.strictObject({ id: IdSchema, subnet: IdSchema, privateIp: IpTextSchema.optional() })).min(1),
  listeners: z
    .array(z.strictObject({ protocol: LbProtocolSchema.default('tcp'), port: PortSchema, targetGroup: IdSchema }))
    .default([]),
  /** load_balancing.cross_zone.enabled */
  crossZone: z.boolean().default(false),
  /** an NLB made with security groups filters at its nodes; one made without has none, ever */
  securityGroups: z.array(IdSchema).default([]),
});
export type LoadBalancer = z.infer<typeof LoadBalancerSchema>;

/**
 * A target group: instances (by id) or IP addresses, each on a port (the group's port when it
 * names none) and in a health state. Client IP preservation (preserve_client_ip.enabled) is on
 * for instance targets and for UDP, off for IP targets over TCP and TLS, unless set.
 */
export const TargetGroupSchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema,
  type: z.enum(['instance', 'ip']).default('instance'),
  protocol: LbProtocolSchema.default('tcp'),
  port: PortSchema,
  preserveClientIp: z.boolean().optional(),
  targets: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        port: PortSchema.optional(),
        health: z.enum(['healthy', 'unhealthy', 'initial', 'draining', 'unused']).default('healthy'),
      }),
    )
    .default([]),
});
export type TargetGroup = z.infer<typeof TargetGroupSchema>;

/** `arn:…:loadbalancer/net/name/hex` → `net/name/hex`; `arn:…:targetgroup/name/hex` → `targetgroup/name/hex`. */
export function elbId(arn: string): string {
  const m = /:(?:loadbalancer\/)?((?:net|app|gwy)\/[^/]+\/[^/]+|targetgroup\/[^/]+\/[^/]+)$/.exec(arn);
  return m ? m[1]! : arn;
}
