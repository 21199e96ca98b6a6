import type { Problem } from '../model/problems';
import { explainDrop } from '../trace/drop-codes';
import type { PacketTrace } from '../trace/flow';
import type { StepKind } from './lab-file';

/** One hop as the `lab` command and the JSON output show it (lab-format.md). */
export interface TraceHop {
  resource: string;
  action: string;
  detail: string;
}

/** What one step did. `counted` steps add to the passed/failed totals. */
export interface StepReport {
  index: number;
  kind: StepKind;
  ok: boolean;
  counted: boolean;
  summary: string;
  trace?: TraceHop[];
  replyTrace?: TraceHop[];
  error?: string;
  /** what a command printed (aws, run) */
  output?: string;
  /** every way an expectation differed */
  mismatches?: string[];
  /** a drop's code and its one-line explanation, for learners */
  drop?: { code: string; at: string; explanation: string };
}

/** What one lab file did. */
export interface LabReport {
  file: string;
  title?: string;
  valid: boolean;
  problems?: Problem[];
  warnings?: Problem[];
  steps: StepReport[];
  passed: number;
  failed: number;
}

/** A packet trace as hops, ending with what happened at the last one. */
export function traceHops(trace: PacketTrace): TraceHop[] {
  const hops: TraceHop[] = trace.hops.map((h) => ({ resource: h.resource, action: h.action, detail: h.detail }));
  const end = trace.ending;
  if (end.kind === 'exits')
    hops.push({
      resource: end.to.kind === 'internet' ? end.to.gateway : 'internet',
      action: 'exit',
      detail: 'leaves the modelled network',
    });
  return hops;
}

/** The drop that ended a trace, with its learner-facing explanation. */
export function dropOf(trace: PacketTrace | undefined): StepReport['drop'] {
  const end = trace?.ending;
  if (!end || end.kind !== 'dropped') return undefined;
  return { code: end.drop.code, at: end.drop.at, explanation: explainDrop(end.drop.code) };
}
