import { z } from 'zod';
import { FLOW_RESULTS, type FlowResultKind } from '../model/expect';
import type { StepReport } from '../lab/report';
import { kindOf } from '../model/ids';

/**
 * What a learner guessed before a traffic test ran ("roundtrip, or dropped, and where?"): the
 * result, and for a drop the resource they think stops it. Never scored: the teaching method
 * asks for a guess before each experiment, and the instructor sees the guesses.
 */
export const PredictionSchema = z.strictObject({
  result: z.enum(FLOW_RESULTS),
  at: z
    .string()
    .max(64)
    // a VPN tunnel is named by its connection and outside address: vpn-dc/198.51.100.21
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'is not a resource id')
    .optional(),
});
export type Prediction = z.infer<typeof PredictionSchema>;

/** A guess beside what happened. */
export interface JudgedPrediction {
  guess: Prediction;
  actual: { result: FlowResultKind; at?: string };
  right: boolean;
}

/**
 * Compares a guess with the traffic test's outcome. The result must be the same; a place, when
 * the guess names one, must be the dropping component or what contains it (`sg-web` or
 * `i-web`, `acl-app` or `subnet-app`).
 */
export function judgePrediction(guess: Prediction, report: StepReport): JudgedPrediction | undefined {
  if (report.result === undefined) return undefined;
  const drop = report.drop;
  const actual = { result: report.result, ...(drop ? { at: drop.at } : {}) };
  // the VPC contains everything: naming it is no guess about where
  const places = drop ? [drop.at, ...(drop.within ?? []).filter((id) => kindOf(id) !== 'vpc')] : [];
  const right = guess.result === report.result && (guess.at === undefined || places.includes(guess.at));
  return { guess, actual, right };
}

/** A judged guess in one line: `request-only at acl-egress`. */
export function outcomeText(o: { result: string; at?: string }): string {
  return o.at ? `${o.result} at ${o.at}` : o.result;
}
