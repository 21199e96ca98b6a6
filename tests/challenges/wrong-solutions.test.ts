import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadLevels } from '../../app/_server/levels/level-files';
import { parseSolution } from '../../engine/grade/challenge';
import { evaluate, startAttempt } from '../../engine/grade/evaluate';
import { stepAllowed } from '../../engine/grade/permissions';
import { permissionContext } from '../../engine/grade/permission-context';
import { runStep } from '../../engine/lab/run-lab';

const root = path.resolve(import.meta.dirname, '../../challenges');

/**
 * A wrong-but-plausible solution from a level's brief, kept beside the level
 * (`challenges/<level>/wrong/*.yaml`): the calls a learner would make, the checks the brief
 * says catch it, and the telling result of the first of those (where it is dropped, and why).
 */
const WrongSchema = z.strictObject({
  title: z.string().min(1),
  plausible: z.string().min(1),
  caughtBy: z.array(z.string()).min(1),
  telling: z.strictObject({
    check: z.string(),
    result: z.enum(['dropped', 'request-only', 'roundtrip', 'reset']).optional(),
    at: z.string().optional(),
    reason: z.string().optional(),
    /** words the failing step's complaint contains (a `via` it missed, a source it saw) */
    mismatch: z.string().optional(),
  }),
  steps: z.array(z.unknown()).min(1),
});

const { levels } = loadLevels(root);

describe("wrong-but-plausible solutions (each level's brief)", () => {
  for (const level of levels) {
    const dir = path.join(root, level.challenge.id, 'wrong');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const wrong = WrongSchema.parse(parse(readFileSync(path.join(dir, file), 'utf8')));
      it(`${level.challenge.id} / ${file}: "${wrong.title}" is caught by ${wrong.caughtBy.join(', ')}`, () => {
        const c = level.challenge;
        const steps = parseSolution({ steps: wrong.steps });
        if (!steps.ok) throw new Error(JSON.stringify(steps.problems));
        const start = startAttempt(c);
        if (!start.ok) throw new Error(JSON.stringify(start.problems));
        // a learner could make every call: the level allows it, and AWS takes it
        for (const step of steps.steps) {
          expect(stepAllowed(c.allowed, step, permissionContext(start.session.control.topology))).toEqual({ ok: true });
          const r = runStep(start.session, step);
          expect(r.ok, `${r.summary} ${r.error ?? ''}`).toBe(true);
        }
        const report = evaluate(c, start.session.control.topology);
        const failed = report.checks.filter((k) => !k.passed).map((k) => k.id);
        for (const id of wrong.caughtBy) expect(failed, `${id} should fail`).toContain(id);
        expect(report.score).toBeLessThan(report.maxScore);
        // the check the brief names fails the way it says: the drop code and the place
        const check = report.checks.find((k) => k.id === wrong.telling.check)!;
        const step = check.steps.find((s) => !s.ok)!;
        const t = wrong.telling;
        if (t.result) expect(step.mismatches?.join(' ') ?? step.summary).toContain(`got ${t.result}`);
        if (t.reason) expect(step.drop?.code, step.summary).toBe(t.reason);
        if (t.at) expect(step.drop?.at, step.summary).toBe(t.at);
        if (t.mismatch) expect(step.mismatches?.join(' | ') ?? '').toContain(t.mismatch);
      });
    }
  }
});
