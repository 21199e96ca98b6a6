import { parseDocument } from 'yaml';
import { z } from 'zod';
import {
  ArpExpectSchema,
  FlowExpectSchema,
  LookupExpectSchema,
  type ArpExpect,
  type FlowExpect,
  type LookupExpect,
} from '../model/expect';
import { formatPath, problemsFromZod, type Problem } from '../model/problems';
import {
  AwsStepSchema,
  ConfigureStepSchema,
  ExpectStepSchema,
  FailStepSchema,
  RecoverStepSchema,
  RunStepSchema,
  WaitStepSchema,
  WriteStepSchema,
  type AwsStep,
  type ConfigureStep,
  type RunStep,
  type WriteStep,
} from '../model/steps';

/** A lab step, tagged with its kind; `index` counts from 1 as the `lab` command prints it. */
export type LabStep =
  | ({ kind: 'aws'; index: number } & AwsStep)
  | ({ kind: 'run'; index: number } & RunStep)
  | ({ kind: 'configure'; index: number } & ConfigureStep)
  | ({ kind: 'write'; index: number } & WriteStep)
  | { kind: 'fail'; index: number; target: string }
  | { kind: 'recover'; index: number; target: string }
  /** `seconds`: exactly, or with `until: 'settled'` at most */
  | { kind: 'wait'; index: number; seconds: number; until?: 'settled' }
  | { kind: 'expect'; index: number; form: 'flow'; expect: FlowExpect }
  | { kind: 'expect'; index: number; form: 'lookup'; expect: LookupExpect }
  | { kind: 'expect'; index: number; form: 'arp'; expect: ArpExpect };

export type StepKind = LabStep['kind'];

/** A parsed lab: its topology is still raw (an import or a topology block), checked when built. */
export interface LabFile {
  title: string;
  description?: string;
  topology?: unknown;
  import?: string;
  externalHosts?: unknown[];
  listen?: unknown[];
  /** with `import:`, each instance's guest model (`os`), merged over what the import gives it */
  guests?: Record<string, unknown>;
  steps: LabStep[];
}

const LabShapeSchema = z.strictObject({
  title: z.string().min(1, 'a lab needs a title'),
  description: z.string().optional(),
  topology: z.record(z.string(), z.unknown()).optional(),
  import: z.string().min(1).optional(),
  externalHosts: z.array(z.unknown()).optional(),
  listen: z.array(z.unknown()).optional(),
  guests: z.record(z.string(), z.unknown()).optional(),
  steps: z.array(z.unknown()).default([]),
});

/** On failure `partial` holds what did parse, so a caller can still check its topology. */
export type ParseResult = { ok: true; lab: LabFile } | { ok: false; problems: Problem[]; partial?: LabFile };

/** Parses a lab's YAML text (YAML 1.2) and checks its shape; every problem names its path. */
export function parseLabText(text: string): ParseResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(yaml)',
        message: (e.message.split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, ''),
      })),
    };
  }
  return parseLabObject(doc.toJS({ maxAliasCount: 100 }));
}

/** Checks an already-parsed lab object (from YAML or JSON). */
export function parseLabObject(raw: unknown): ParseResult {
  const shape = LabShapeSchema.safeParse(raw);
  if (!shape.success) return { ok: false, problems: problemsFromZod(shape.error) };
  const value = shape.data;
  const problems: Problem[] = [];
  if (value.topology === undefined && value.import === undefined)
    problems.push({ path: 'topology', message: 'a lab needs a topology or an import' });
  if (value.topology !== undefined && value.import !== undefined)
    problems.push({ path: 'import', message: 'a lab has either a topology or an import, not both' });
  if (
    value.import === undefined &&
    (value.externalHosts !== undefined || value.listen !== undefined || value.guests !== undefined)
  ) {
    problems.push({
      path: value.externalHosts !== undefined ? 'externalHosts' : value.listen !== undefined ? 'listen' : 'guests',
      message: 'only a lab with import: takes this at the top level; put it in the topology',
    });
  }
  const steps: LabStep[] = [];
  value.steps.forEach((rawStep, i) => {
    const step = parseStep(rawStep, i, problems);
    if (step) steps.push(step);
  });
  const lab: LabFile = { title: value.title, steps };
  if (value.description !== undefined) lab.description = value.description;
  if (value.topology !== undefined) lab.topology = value.topology;
  if (value.import !== undefined) lab.import = value.import;
  if (value.externalHosts !== undefined) lab.externalHosts = value.externalHosts;
  if (value.listen !== undefined) lab.listen = value.listen;
  if (value.guests !== undefined) lab.guests = value.guests;
  if (problems.length > 0) return { ok: false, problems, partial: lab };
  return { ok: true, lab };
}

const STEP_KEYS = ['aws', 'run', 'configure', 'write', 'fail', 'recover', 'wait', 'expect'] as const;

/** Dispatches a step on its key, so an error names the step's own fields, not a union's. */
/** Parses a list of steps; each problem's path starts with `prefix` (`checks[2].steps`). */
export function parseSteps(raw: unknown[], prefix: string, problems: Problem[]): LabStep[] {
  const steps: LabStep[] = [];
  raw.forEach((r, i) => {
    const step = parseStep(r, i, problems, `${prefix}[${i}]`);
    if (step) steps.push(step);
  });
  return steps;
}

function parseStep(raw: unknown, i: number, problems: Problem[], path = `steps[${i}]`): LabStep | undefined {
  const index = i + 1;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path, message: `a step is a mapping with one of ${STEP_KEYS.join(', ')}` });
    return undefined;
  }
  const keys = STEP_KEYS.filter((k) => k in raw);
  if (keys.length !== 1) {
    problems.push({
      path,
      message:
        keys.length === 0
          ? `unknown step: expected one of ${STEP_KEYS.join(', ')}`
          : `a step has one kind, found ${keys.join(' and ')}`,
    });
    return undefined;
  }
  const kind = keys[0]!;
  const check = <T extends z.ZodType>(schema: T): z.infer<T> | undefined => {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    problems.push(...problemsFromZod(r.error, path));
    return undefined;
  };
  switch (kind) {
    case 'aws': {
      const s = check(AwsStepSchema);
      return s && { kind, index, ...s };
    }
    case 'run': {
      const s = check(RunStepSchema);
      return s && { kind, index, ...s };
    }
    case 'configure': {
      const s = check(ConfigureStepSchema);
      return s && { kind, index, ...s };
    }
    case 'write': {
      const s = check(WriteStepSchema);
      return s && { kind, index, ...s };
    }
    case 'fail': {
      const s = check(FailStepSchema);
      return s && { kind, index, target: s.fail };
    }
    case 'recover': {
      const s = check(RecoverStepSchema);
      return s && { kind, index, target: s.recover };
    }
    case 'wait': {
      const s = check(WaitStepSchema);
      if (!s) return undefined;
      return typeof s.wait === 'number'
        ? { kind, index, seconds: s.wait }
        : { kind, index, seconds: s.wait.atMost, until: s.wait.until };
    }
    case 'expect': {
      const s = check(ExpectStepSchema);
      return s && parseExpect(s.expect, index, `${path}.expect`, problems);
    }
  }
}

function parseExpect(
  raw: Record<string, unknown>,
  index: number,
  path: string,
  problems: Problem[],
): LabStep | undefined {
  const form = 'lookup' in raw ? 'lookup' : 'arp' in raw ? 'arp' : 'flow';
  const schema = form === 'lookup' ? LookupExpectSchema : form === 'arp' ? ArpExpectSchema : FlowExpectSchema;
  const r = schema.safeParse(raw);
  if (!r.success) {
    problems.push(...problemsFromZod(r.error, path));
    return undefined;
  }
  if (form === 'flow') {
    const e = r.data as FlowExpect;
    if (e.flow === undefined) {
      for (const key of ['from', 'to', 'protocol', 'result'] as const) {
        if (e[key] === undefined)
          problems.push({
            path: formatPath([key], path),
            message: `required (only a step that continues a named flow may leave it out)`,
          });
      }
    }
    return { kind: 'expect', index, form, expect: e };
  }
  return form === 'lookup'
    ? { kind: 'expect', index, form, expect: r.data as LookupExpect }
    : { kind: 'expect', index, form, expect: r.data as ArpExpect };
}
