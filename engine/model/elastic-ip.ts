import { z } from 'zod';
import { IdSchema, IpTextSchema } from './common';

/** An allocated Elastic IP; associated only when `networkInterface` is given (R18). */
export const ElasticIpSchema = z.strictObject({
  id: IdSchema,
  publicIp: IpTextSchema,
  networkInterface: IdSchema.optional(),
  privateIp: IpTextSchema.optional(),
});
export type ElasticIp = z.infer<typeof ElasticIpSchema>;
