import { z } from 'zod';
import { problemsFromZod, type Problem } from '../model/problems';

/** A course: ordered tracks of levels; a level's prerequisites are its `buildsOn`. */
export const CourseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  summary: z.string().min(1),
  tracks: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]+$/),
        title: z.string().min(1),
        summary: z.string().min(1),
        levels: z.array(z.string()).default([]),
        /** levels designed but not shipped yet, shown as coming */
        planned: z.array(z.string()).default([]),
      }),
    )
    .min(1),
});
export type Course = z.infer<typeof CourseSchema>;

/** Validates a course against the shipped level ids: each level in exactly one track. */
export function parseCourse(
  raw: unknown,
  levelIds: readonly string[],
): { ok: true; course: Course } | { ok: false; problems: Problem[] } {
  const r = CourseSchema.safeParse(raw);
  if (!r.success) return { ok: false, problems: problemsFromZod(r.error) };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  r.data.tracks.forEach((t, i) =>
    t.levels.forEach((id, k) => {
      if (!levelIds.includes(id))
        problems.push({ path: `tracks[${i}].levels[${k}]`, message: `unknown level "${id}"` });
      if (seen.has(id)) problems.push({ path: `tracks[${i}].levels[${k}]`, message: `"${id}" is already in a track` });
      seen.add(id);
    }),
  );
  for (const id of levelIds)
    if (!seen.has(id)) problems.push({ path: 'tracks', message: `level "${id}" is in no track` });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, course: r.data };
}
