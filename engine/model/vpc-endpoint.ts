import { z } from 'zod';
import { IdSchema, IpTextSchema } from './common';
import { ListenSchema } from './guest-os';

/**
 * A VPC endpoint: a private way to an AWS service. A gateway endpoint (S3, DynamoDB) is a route
 * target: the route tables it serves send the service's AWS-managed prefix list to it. An
 * interface endpoint is a network interface in each of its subnets, with security groups, that
 * answers the service's ports on its private address.
 */
export const VpcEndpointSchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema,
  type: z.enum(['gateway', 'interface']).default('gateway'),
  /** the service name, `com.amazonaws.us-east-1.s3`: a gateway endpoint reaches the prefix list of that name */
  service: z.string().min(1),
  /** the route tables a gateway endpoint serves (their routes to it are written in the tables) */
  routeTables: z.array(IdSchema).default([]),
  /** an interface endpoint's network interfaces, one per subnet */
  interfaces: z
    .array(z.strictObject({ id: IdSchema, subnet: IdSchema, privateIp: IpTextSchema.optional() }))
    .default([]),
  securityGroups: z.array(IdSchema).default([]),
  /** the ports the service answers on (absent: HTTPS, tcp/443) */
  listen: z.array(ListenSchema).optional(),
  /**
   * The endpoint policy (a JSON IAM policy; absent: full access). It decides which principals
   * may call which actions through the endpoint, an authorization the service makes per request:
   * packets reach the service whatever it says (docs/lab-format-extensions.md).
   */
  policy: z.string().optional(),
});
export type VpcEndpoint = z.infer<typeof VpcEndpointSchema>;
