import { z } from 'zod';
import { IdSchema } from './common';
import { GuestOsPatchSchema } from './guest-os';

const OutputChecks = {
  expectOutput: z.union([z.string(), z.array(z.string())]).optional(),
  expectNoOutput: z.union([z.string(), z.array(z.string())]).optional(),
};

/** `aws: ec2 <operation> <args>` in the real CLI's syntax. */
export const AwsStepSchema = z.strictObject({
  aws: z.string().min(1),
  id: IdSchema.optional(),
  expectError: z.union([z.string(), z.array(z.string())]).optional(),
  expectJson: z.record(z.string(), z.unknown()).optional(),
  ...OutputChecks,
});

/** `run: { on: <instance>, cmd: "<shell command>" }` inside a VM. */
export const RunStepSchema = z.strictObject({
  run: z.strictObject({ on: IdSchema, cmd: z.string().min(1) }),
  ...OutputChecks,
});

/** `configure: { on: <instance>, os: {...} }` changes the guest's configuration. */
export const ConfigureStepSchema = z.strictObject({
  configure: z.strictObject({ on: IdSchema, os: GuestOsPatchSchema }),
});

export const FailStepSchema = z.strictObject({ fail: IdSchema });
export const RecoverStepSchema = z.strictObject({ recover: IdSchema });
export const WaitStepSchema = z.strictObject({ wait: z.number().min(0).max(86_400) });
/** The expectation's own shape is checked once its form (flow, lookup, arp) is known. */
export const ExpectStepSchema = z.strictObject({ expect: z.record(z.string(), z.unknown()) });

export type AwsStep = z.infer<typeof AwsStepSchema>;
export type RunStep = z.infer<typeof RunStepSchema>;
export type ConfigureStep = z.infer<typeof ConfigureStepSchema>;
