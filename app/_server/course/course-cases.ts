import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { teaches } from '../attempts/attempt-access';
import type { Principal } from '../auth/session-token';
import { AppError } from '../errors';
import type { AttemptResult, CourseView, LevelProgress, LevelStatus, LevelView } from '@/app/_shared/views';
import { totalPoints } from '@/engine/grade/points';
import { levelView } from '../levels/catalog';
import type { LevelFiles } from '../levels/level-files';
import type { Services } from '../services';
import { validate } from '../validate';

/** The most a results answer lists: attempts, newest first, and grades of each, newest first. */
const RESULTS = { attempts: 200, gradesPerAttempt: 20 };

const ProgressQuery = z.strictObject({ userId: z.string().uuid('is not a user id').optional() });

/** A learner's standing on every level: best score, completion (a grade with every check passed), prerequisites. */
async function progress(s: Services, userId: string): Promise<Map<string, LevelProgress>> {
  const attempts = await s.db.attempt.findMany({
    where: { userId },
    select: { levelId: true, bestScore: true, grades: { where: { complete: true }, select: { id: true }, take: 1 } },
  });
  const out = new Map<string, LevelProgress>();
  const completed = new Set(attempts.filter((a) => a.grades.length > 0).map((a) => a.levelId));
  for (const level of s.levels.values()) {
    const c = level.challenge;
    const mine = attempts.filter((a) => a.levelId === c.id);
    const missing = c.buildsOn.filter((id) => !completed.has(id));
    const status: LevelStatus = completed.has(c.id)
      ? 'completed'
      : mine.length > 0
        ? 'in-progress'
        : missing.length > 0
          ? 'locked'
          : 'available';
    out.set(c.id, {
      levelId: c.id,
      title: c.title,
      order: c.order,
      status,
      bestScore: Math.max(0, ...mine.map((a) => a.bestScore)),
      maxScore: totalPoints(c.checks),
      attempts: mine.length,
      missing,
    });
  }
  return out;
}

/**
 * Whose progress a request asks about: the caller's own, or (instructors only) `?userId=`'s,
 * when that learner joined one of the instructor's sessions. Anyone else is not found.
 */
async function whose(s: Services, who: Principal | undefined, input: unknown): Promise<string> {
  const me = requireRole(who);
  const { userId } = validate(ProgressQuery, input);
  if (!userId || userId === me.userId) return me.userId;
  if (me.role !== 'instructor') throw new AppError('FORBIDDEN');
  if (!(await teaches(s, me.userId, userId)))
    throw new AppError('NOT_FOUND', { userId }, 'No learner of your sessions has this id.');
  return userId;
}

/** The course with the caller's progress (an instructor may ask for a learner's). */
export async function getCourse(s: Services, who: Principal | undefined, input: unknown = {}): Promise<CourseView> {
  const mine = await progress(s, await whose(s, who, input));
  const tracks = s.course.tracks.map((t) => ({
    id: t.id,
    title: t.title,
    summary: t.summary,
    levels: t.levels.map((id) => mine.get(id)!),
    planned: t.planned,
  }));
  const all = [...mine.values()];
  return {
    id: s.course.id,
    title: s.course.title,
    summary: s.course.summary,
    tracks,
    score: all.reduce((n, l) => n + l.bestScore, 0),
    maxScore: all.reduce((n, l) => n + l.maxScore, 0),
  };
}

/** Every level's status for the caller (or, for an instructor, for one of their learners). */
export async function getProgress(
  s: Services,
  who: Principal | undefined,
  input: unknown = {},
): Promise<LevelProgress[]> {
  return (await getCourse(s, who, input)).tracks.flatMap((t) => t.levels);
}

const LevelRefSchema = z.strictObject({ levelId: z.string().min(1).max(100) });

/** The level an input names, for a signed-in caller. */
function levelOf(s: Services, who: Principal | undefined, input: unknown): LevelFiles {
  requireRole(who);
  const { levelId } = validate(LevelRefSchema, input);
  const level = s.levels.get(levelId);
  if (!level) throw new AppError('LEVEL_NOT_FOUND', { levelId });
  return level;
}

/** One level's public description. */
export function getLevel(s: Services, who: Principal | undefined, input: unknown): LevelView {
  return levelView(levelOf(s, who, input));
}

/**
 * An imported level's describe-* files as the learner's handover (read-only): the files the level
 * starts from, never the attempt's state (the console's describe-* calls print that).
 */
export function getLevelSnapshot(
  s: Services,
  who: Principal | undefined,
  input: unknown,
): { files: { path: string; text: string }[] } {
  return { files: levelOf(s, who, input).snapshot ?? [] };
}

/** A learner's results: every graded attempt, newest first (an instructor may ask for a learner's). */
export async function getResults(
  s: Services,
  who: Principal | undefined,
  input: unknown = {},
): Promise<AttemptResult[]> {
  const attempts = await s.db.attempt.findMany({
    where: { userId: await whose(s, who, input) },
    orderBy: { createdAt: 'desc' },
    // an answer of bounded size, however long someone has played: the newest attempts and grades
    take: RESULTS.attempts,
    select: {
      id: true,
      levelId: true,
      bestScore: true,
      version: true,
      createdAt: true,
      grades: {
        orderBy: { createdAt: 'desc' },
        take: RESULTS.gradesPerAttempt,
        select: { score: true, maxScore: true, hintPenalty: true, complete: true, createdAt: true },
      },
    },
  });
  return attempts.map((a) => ({
    attemptId: a.id,
    levelId: a.levelId,
    bestScore: a.bestScore,
    steps: a.version,
    startedAt: a.createdAt.toISOString(),
    grades: a.grades.map((g) => ({ ...g, createdAt: g.createdAt.toISOString() })),
  }));
}
