import { z } from 'zod';
import { IdSchema } from './common';

/** An internet gateway; without `vpc` it is detached (routes to it are blackholes, R40). */
export const InternetGatewaySchema = z.strictObject({
  id: IdSchema,
  vpc: IdSchema.optional(),
});
export type InternetGateway = z.infer<typeof InternetGatewaySchema>;
