import { z } from 'zod';
import { IdSchema } from './common';
import { GuestOsSchema } from './guest-os';
import { NetworkInterfaceSchema } from './network-interface';

/** An EC2 instance with its ENIs (the first, or device index 0, is primary) and its guest OS. */
export const InstanceSchema = z.strictObject({
  id: IdSchema,
  state: z.enum(['running', 'stopped']).default('running'),
  imageId: z.string().optional(),
  /** what describe-instances says it is (t3.micro unless given); the engine models no sizes */
  instanceType: z.string().min(1).optional(),
  name: z.string().optional(),
  /**
   * The instance profile (IAM role) the guest's aws CLI takes its credentials from; `none`: the
   * instance has none, and the CLI finds no credentials (A-RS9). Absent: credentials as today.
   */
  iamInstanceProfile: z.string().min(1).optional(),
  interfaces: z.array(NetworkInterfaceSchema).min(1, 'an instance needs at least one network interface'),
  os: GuestOsSchema.default(GuestOsSchema.parse({})),
});
export type Instance = z.infer<typeof InstanceSchema>;
