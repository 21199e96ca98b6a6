import { z } from 'zod';
import type { SnapshotFile } from '@/engine/lab/import/import-snapshot';
import type { Problem } from '@/engine/model/problems';
import { runnerError } from '../attempts/attempt-store';
import type { Principal } from '../auth/session-token';
import { requireRole } from '../auth/require-role';
import { AppError } from '../errors';
import type { Services } from '../services';
import { validate } from '../validate';
import { exploreStepProblems, type ExploreJob, type ExploreOutcome } from './explore-job';
import { decodeUpload, UploadSchema } from './upload-files';

/** Uploads one user keeps: the oldest must be deleted before another is taken. */
export const MAX_UPLOADS_PER_USER = 20;
/** How long an explorer's import, look or matrix may run on a step thread. */
const DEADLINE_MS = 15_000;

const UploadIdSchema = z.strictObject({ uploadId: z.uuid() });
const StepSchema = z.strictObject({ uploadId: z.uuid(), step: z.unknown() });
const MatrixSchema = z
  .strictObject({
    uploadId: z.uuid(),
    protocol: z.enum(['tcp', 'udp', 'icmp']),
    port: z.coerce.number().int().min(1).max(65535).optional(),
  })
  .refine((m) => m.protocol === 'icmp' || m.port !== undefined, { message: 'tcp and udp need a port', path: ['port'] });

export interface UploadSummary {
  id: string;
  name: string;
  bytes: number;
  createdAt: string;
  warnings: Problem[];
}

async function run(s: Services, me: Principal, job: ExploreJob): Promise<ExploreOutcome> {
  try {
    return await s.steps.run(job, { owner: me.userId, deadlineMs: DEADLINE_MS });
  } catch (e) {
    throw runnerError(e, 'step');
  }
}

/** The caller's own upload; another user's is as absent as one that never existed. */
async function owned(s: Services, me: Principal, uploadId: string) {
  const row = await s.db.accountUpload.findUnique({ where: { id: uploadId } });
  if (!row || row.userId !== me.userId) throw new AppError('NOT_FOUND', { uploadId }, 'There is no such upload.');
  return row;
}

function notUnderstood(problems: Problem[], warnings: Problem[] = []): AppError {
  const first = problems
    .slice(0, 3)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  return new AppError(
    'INVALID_INPUT',
    { problems, warnings },
    `These files do not make a network Underlay can explore: ${first}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
  );
}

/**
 * Takes an upload of describe-* outputs (JSON files, or a zip): decoded and bounded here, imported
 * and built on a step thread; stored only when it makes a network. What the importer could not
 * use comes back as warnings, kept with the upload.
 */
export async function uploadAccount(s: Services, who: Principal | undefined, input: unknown): Promise<UploadSummary> {
  const me = requireRole(who);
  const upload = validate(UploadSchema, input);
  if (upload.files === undefined && upload.zip === undefined)
    throw notUnderstood([{ path: 'files', message: 'send files or a zip' }]);
  const count = await s.db.accountUpload.count({ where: { userId: me.userId } });
  if (count >= MAX_UPLOADS_PER_USER)
    throw new AppError(
      'INVALID_INPUT',
      { limit: MAX_UPLOADS_PER_USER },
      `You keep ${count} uploads, the most allowed; delete one first.`,
    );
  const decoded = decodeUpload(upload);
  if (!decoded.ok) throw notUnderstood(decoded.problems);
  const outcome = await run(s, me, { explore: 'load', files: decoded.files });
  const warnings = [...decoded.skipped, ...outcome.warnings];
  if (outcome.problems) throw notUnderstood(outcome.problems, warnings);
  const row = await s.db.accountUpload.create({
    data: {
      userId: me.userId,
      name: upload.name,
      files: decoded.files as unknown as object,
      warnings: warnings as unknown as object,
      bytes: decoded.bytes,
    },
  });
  return summary(row);
}

function summary(row: { id: string; name: string; bytes: number; createdAt: Date; warnings: unknown }): UploadSummary {
  return {
    id: row.id,
    name: row.name,
    bytes: row.bytes,
    createdAt: row.createdAt.toISOString(),
    warnings: row.warnings as Problem[],
  };
}

/** The caller's uploads, newest first. */
export async function listUploads(s: Services, who: Principal | undefined): Promise<UploadSummary[]> {
  const me = requireRole(who);
  const rows = await s.db.accountUpload.findMany({
    where: { userId: me.userId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, bytes: true, createdAt: true, warnings: true },
  });
  return rows.map(summary);
}

/** One upload as a network: its topology (as the diagram and inspector read it) and its counts. */
export async function getUpload(
  s: Services,
  who: Principal | undefined,
  input: unknown,
): Promise<UploadSummary & Pick<ExploreOutcome, 'topology' | 'counts'>> {
  const me = requireRole(who);
  const { uploadId } = validate(UploadIdSchema, input);
  const row = await owned(s, me, uploadId);
  const outcome = await run(s, me, { explore: 'load', files: row.files as unknown as SnapshotFile[] });
  if (outcome.problems) throw notUnderstood(outcome.problems);
  return { ...summary(row), topology: outcome.topology!, counts: outcome.counts! };
}

/** A look at an upload: a traffic test with its trace, or a read-only aws call. Nothing is kept. */
export async function exploreStep(s: Services, who: Principal | undefined, input: unknown): Promise<ExploreOutcome> {
  const me = requireRole(who);
  const { uploadId, step } = validate(StepSchema, input);
  const problems = exploreStepProblems(step);
  if (problems.length > 0)
    throw new AppError(
      'INVALID_INPUT',
      problems,
      `Invalid step: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  const row = await owned(s, me, uploadId);
  const outcome = await run(s, me, { explore: 'step', files: row.files as unknown as SnapshotFile[], step });
  if (outcome.problems)
    throw new AppError('INVALID_INPUT', outcome.problems, `Invalid step: ${outcome.problems[0]?.message ?? ''}`);
  return { warnings: [], ...(outcome.report ? { report: outcome.report } : {}) };
}

/** Which subnets talk to which, on a protocol and port. */
export async function exploreMatrix(s: Services, who: Principal | undefined, input: unknown): Promise<ExploreOutcome> {
  const me = requireRole(who);
  const { uploadId, protocol, port } = validate(MatrixSchema, input);
  const row = await owned(s, me, uploadId);
  const outcome = await run(s, me, {
    explore: 'matrix',
    files: row.files as unknown as SnapshotFile[],
    matrix: { protocol, ...(port !== undefined ? { port } : {}) },
  });
  return { warnings: [], ...(outcome.matrix ? { matrix: outcome.matrix } : {}) };
}

export async function deleteUpload(
  s: Services,
  who: Principal | undefined,
  input: unknown,
): Promise<{ deleted: string }> {
  const me = requireRole(who);
  const { uploadId } = validate(UploadIdSchema, input);
  await owned(s, me, uploadId);
  await s.db.accountUpload.delete({ where: { id: uploadId } });
  return { deleted: uploadId };
}
