import { z } from 'zod';
import { CidrTextSchema, IdSchema } from './common';

/** A route: a destination (CIDR or prefix list) and a target (a resource id, `local` or `blackhole`). */
export const RouteSchema = z.strictObject({
  destination: z.union([CidrTextSchema, z.string().regex(/^pl-\S+$/, 'is not a CIDR block or a prefix list id')]),
  target: IdSchema,
});
export type Route = z.infer<typeof RouteSchema>;

/**
 * A route table (R29–R51). The local route of each VPC block is implicit; a route whose
 * destination is a VPC block replaces the local route's target (R37).
 */
export const RouteTableSchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema,
  main: z.boolean().default(false),
  subnets: z.array(IdSchema).default([]),
  gateways: z.array(IdSchema).default([]),
  propagatingGateways: z.array(IdSchema).default([]),
  routes: z.array(RouteSchema).default([]),
  name: z.string().optional(),
});
export type RouteTable = z.infer<typeof RouteTableSchema>;
