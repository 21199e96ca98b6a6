import { z } from 'zod';
import { IdSchema, IpTextSchema } from './common';

/** An ENI: addresses, groups, MAC and the source/destination check travel with it (R12). */
export const NetworkInterfaceSchema = z.strictObject({
  id: IdSchema,
  subnet: IdSchema,
  privateIp: IpTextSchema.optional(),
  secondaryIps: z.array(IpTextSchema).default([]),
  publicIp: IpTextSchema.optional(),
  /**
   * Whether the interface asks for an auto-assigned public IPv4 address at each start (launch
   * setting or modify-network-interface-attribute): a start gives a new one (R17).
   */
  autoPublicIp: z.boolean().optional(),
  mac: z
    .string()
    .regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, 'is not a MAC address (0a:00:00:00:00:10)')
    .transform((m) => m.toLowerCase())
    .optional(),
  securityGroups: z.array(IdSchema).default([]),
  sourceDestCheck: z.boolean().default(true),
  deviceIndex: z.number().int().min(0).max(31).optional(),
  description: z.string().optional(),
});
export type NetworkInterface = z.infer<typeof NetworkInterfaceSchema>;
