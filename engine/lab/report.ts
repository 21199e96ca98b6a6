import type { Problem } from '../model/problems';
import type { DropView, TraceHop } from '../trace/hops';
import type { StepKind } from './lab-file';
import type { FlowResultKind } from '../model/expect';

export { dropOf, traceHops, type TraceHop } from '../trace/hops';

/** What one step did. `counted` steps add to the passed/failed totals. */
export interface StepReport {
  index: number;
  kind: StepKind;
  ok: boolean;
  counted: boolean;
  summary: string;
  /** a traffic test: how the flow ended, whatever the step expected */
  result?: FlowResultKind;
  trace?: TraceHop[];
  replyTrace?: TraceHop[];
  error?: string;
  /** what a command printed (aws, run) */
  output?: string;
  /** every way an expectation differed */
  mismatches?: string[];
  /** a drop's code and its one-line explanation, for learners */
  drop?: DropView;
  /** a written file's problems by line, as its daemon's config check found them */
  fileProblems?: { line: number; message: string }[];
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
