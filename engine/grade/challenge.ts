import { z } from 'zod';
import { IdSchema } from '../model/common';
import { problemsFromZod, type Problem } from '../model/problems';
import { parseLabObject, parseSteps, type LabFile, type LabStep } from '../lab/lab-file';

/** What a learner may run: `aws` operations on named resources (`describe-*` globs allowed). */
const AwsAllowSchema = z.strictObject({
  operation: z.string().min(1),
  /** ids the call may name as its subject (route table, group, ENI...); absent: any */
  resources: z.array(IdSchema).optional(),
});

/** Shell commands by prefix (`ip route`, `ping`) on named instances; `readOnly` refuses changes. */
const ShellAllowSchema = z.strictObject({
  instances: z.array(IdSchema).min(1),
  commands: z.array(z.string().min(1)).min(1),
  readOnly: z.boolean().default(false),
});

const ConfigureAllowSchema = z.strictObject({
  instances: z.array(IdSchema).min(1),
  fields: z.array(z.string().min(1)).min(1),
});

export const AllowedSchema = z.strictObject({
  aws: z.array(AwsAllowSchema).default([]),
  shell: z.array(ShellAllowSchema).default([]),
  configure: z.array(ConfigureAllowSchema).default([]),
  /** instances the learner may crash and recover; whether time may be advanced */
  simulator: z
    .strictObject({ fail: z.array(IdSchema).default([]), wait: z.boolean().default(true) })
    .default({ fail: [], wait: true }),
  /** where the traffic panel may send from, besides the instances */
  traffic: z.strictObject({ from: z.array(IdSchema).default([]) }).default({ from: [] }),
});
export type Allowed = z.infer<typeof AllowedSchema>;

const CheckShape = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'is not a check id (lower-case, digits and dashes)'),
  visible: z.boolean(),
  points: z.number().int().min(0),
  /** what the check requires, said before it runs ("i-a pings i-b at its public address"); visible checks */
  requirement: z.string().min(1).optional(),
  feedback: z.string().min(1),
  requires: z.array(z.string()).default([]),
  steps: z.array(z.unknown()).min(1),
});

const ChallengeShape = z.strictObject({
  id: z.string().regex(/^\d\d-[a-z0-9-]+$/, 'is not a level id (01-name)'),
  title: z.string().min(1),
  order: z.number().int().min(1),
  summary: z.string().min(1),
  minutes: z.string().optional(),
  buildsOn: z.array(z.string()).default([]),
  track: z.string().default('Part I: what a VPC does to a packet'),
  lab: z.record(z.string(), z.unknown()),
  allowed: AllowedSchema,
  checks: z.array(CheckShape).min(1),
  hints: z.array(z.strictObject({ text: z.string().min(1), cost: z.number().int().min(0) })).default([]),
  /** public addresses the inspector must not show (level 1 makes the learner find them) */
  hidePublicAddresses: z.boolean().default(false),
});

/** A graded check: lab steps, points, and what a learner is told when it fails. */
export interface Check {
  id: string;
  visible: boolean;
  points: number;
  /** what it requires, in the task's words (visible checks; hidden ones keep theirs to themselves) */
  requirement?: string;
  /** what the learner is told when it fails */
  feedback: string;
  requires: string[];
  steps: LabStep[];
}

/** A level: its starting lab, what the learner may change, its checks and hints (DESIGN.md). */
export interface Challenge {
  id: string;
  title: string;
  order: number;
  summary: string;
  minutes?: string;
  buildsOn: string[];
  track: string;
  lab: LabFile;
  allowed: Allowed;
  checks: Check[];
  hints: { text: string; cost: number }[];
  hidePublicAddresses: boolean;
}

export type ChallengeParse = { ok: true; challenge: Challenge } | { ok: false; problems: Problem[] };

/** Validates a challenge file's object: its shape, its lab, every check's steps, `requires` ids. */
export function parseChallenge(raw: unknown): ChallengeParse {
  const shape = ChallengeShape.safeParse(raw);
  if (!shape.success) return { ok: false, problems: problemsFromZod(shape.error) };
  const v = shape.data;
  const problems: Problem[] = [];
  const lab = parseLabObject(v.lab);
  if (!lab.ok) problems.push(...lab.problems.map((p) => ({ ...p, path: `lab.${p.path}` })));
  const ids = new Set<string>();
  const checks: Check[] = v.checks.map((c, i) => {
    if (ids.has(c.id)) problems.push({ path: `checks[${i}].id`, message: `duplicate check id "${c.id}"` });
    for (const r of c.requires)
      if (!ids.has(r)) problems.push({ path: `checks[${i}].requires`, message: `"${r}" is not an earlier check` });
    ids.add(c.id);
    if (c.visible && !c.requirement)
      problems.push({
        path: `checks[${i}].requirement`,
        message: 'a visible check says what it requires (the play page lists it before the check runs)',
      });
    return {
      id: c.id,
      visible: c.visible,
      points: c.points,
      ...(c.requirement ? { requirement: c.requirement } : {}),
      feedback: c.feedback,
      requires: c.requires,
      steps: parseSteps(c.steps, `checks[${i}].steps`, problems),
    };
  });
  if (problems.length > 0 || !lab.ok) return { ok: false, problems };
  const { minutes, ...rest } = v;
  return { ok: true, challenge: { ...rest, ...(minutes ? { minutes } : {}), lab: lab.lab, checks } };
}

/** Parses a solution file: the learner's actions (and experiments) as lab steps. */
export function parseSolution(raw: unknown): { ok: true; steps: LabStep[] } | { ok: false; problems: Problem[] } {
  const shape = z.strictObject({ steps: z.array(z.unknown()).min(1) }).safeParse(raw);
  if (!shape.success) return { ok: false, problems: problemsFromZod(shape.error) };
  const problems: Problem[] = [];
  const steps = parseSteps(shape.data.steps, 'steps', problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, steps };
}
