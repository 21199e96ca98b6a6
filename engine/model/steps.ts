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
  /**
   * Keeps what the call printed (trimmed) under a name a later `aws` step writes as `${name}`:
   * a check can look an id up as a script would (`--query … --output text`) instead of naming
   * one the learner may have replaced.
   */
  capture: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a capture name is letters, digits, - and _, starting with a letter')
    .optional(),
  expectError: z.union([z.string(), z.array(z.string())]).optional(),
  expectJson: z.record(z.string(), z.unknown()).optional(),
  ...OutputChecks,
});

/** `run: { on: <instance>, cmd: "<shell command>" }` inside a VM. */
export const RunStepSchema = z.strictObject({
  run: z.strictObject({ on: IdSchema, cmd: z.string().min(1) }),
  ...OutputChecks,
  /**
   * The exit status the command must end with (`nonzero`: any failure), so a lab can say "this is
   * refused" (levels 8 and 14 proposed it): with it, a failing command is the expected outcome.
   */
  expectExit: z.union([z.number().int().min(0).max(255), z.literal('nonzero')]).optional(),
});

/** `configure: { on: <instance>, os: {...} }` changes the guest's configuration. */
export const ConfigureStepSchema = z.strictObject({
  configure: z.strictObject({ on: IdSchema, os: GuestOsPatchSchema }),
});

/**
 * `write: { on, path, content }`: a file written in the guest, as the page's editor saves it.
 * The file is parsed into the guest's model as its daemon reads it; a file with a problem
 * changes nothing and fails the step, unless `expectError` names what the problem says.
 */
export const WriteStepSchema = z.strictObject({
  write: z.strictObject({
    on: IdSchema,
    path: z.string().min(1).max(256),
    content: z.string().max(16_384, 'a file written here holds at most 16 kB'),
  }),
  expectError: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
});

export const FailStepSchema = z.strictObject({ fail: IdSchema });
export const RecoverStepSchema = z.strictObject({ recover: IdSchema });
/** `wait: 30` seconds, or `wait: { until: settled, atMost: 120 }`: until nothing changes for a while. */
export const WaitStepSchema = z.strictObject({
  wait: z.union([
    z.number().min(0).max(86_400),
    z.strictObject({
      until: z.literal('settled'),
      atMost: z.number().positive().max(86_400).default(120),
    }),
  ]),
});
/** The expectation's own shape is checked once its form (flow, lookup, arp) is known. */
export const ExpectStepSchema = z.strictObject({ expect: z.record(z.string(), z.unknown()) });

export type AwsStep = z.infer<typeof AwsStepSchema>;
export type RunStep = z.infer<typeof RunStepSchema>;
export type ConfigureStep = z.infer<typeof ConfigureStepSchema>;
export type WriteStep = z.infer<typeof WriteStepSchema>;
