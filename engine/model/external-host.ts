import { z } from 'zod';
import { IdSchema, IpTextSchema } from './common';
import { ListenSchema } from './guest-os';

/** A host outside AWS, for traffic tests: on the internet, or behind a VPN (`via`). */
export const ExternalHostSchema = z.strictObject({
  id: IdSchema,
  ip: IpTextSchema,
  via: IdSchema.optional(),
  listen: z.array(ListenSchema).optional(),
});
export type ExternalHost = z.infer<typeof ExternalHostSchema>;
