import { z } from 'zod';

/**
 * Live sessions: what clients send about a session. Each use case validates its own payload
 * (app/_server/live/session-play-cases.ts and session-admin-cases.ts).
 */

export const SESSION_MODES = ['solo', 'team', 'race'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
export type SessionStatus = 'running' | 'paused' | 'ended';

/** Join codes avoid look-alike characters (0/O, 1/I/L), so they can be read off a projector. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const JoinCode = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .pipe(z.string().regex(/^[A-HJKMNP-Z2-9]{6}$/, 'is not a join code (6 letters and digits)'));
const SessionId = z.string().uuid('is not a session id');

export const CreateSessionSchema = z
  .strictObject({
    title: z.string().trim().min(1, 'a title is needed').max(80, 'at most 80 characters'),
    mode: z.enum(SESSION_MODES),
    levelIds: z.array(z.string().min(1).max(100)).min(1, 'pick at least one level').max(20),
    /** team mode: 2 to 5 learners share one topology; solo and race: 1 */
    teamSize: z.number().int().min(1).max(5).optional(),
    /** no progress for this many minutes flags a learner as stuck */
    stuckMinutes: z.number().int().min(1).max(120).optional(),
    /** the session's length: the projector counts it down (the instructor still ends it) */
    timeLimitMinutes: z.number().int().min(5, 'at least 5 minutes').max(600, 'at most 10 hours').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'team' && (v.teamSize ?? 0) < 2)
      ctx.addIssue({ code: 'custom', path: ['teamSize'], message: 'a team has 2 to 5 learners' });
    if (v.mode !== 'team' && v.teamSize !== undefined && v.teamSize !== 1)
      ctx.addIssue({ code: 'custom', path: ['teamSize'], message: `${v.mode} mode has no teams` });
  });
export const JoinSessionSchema = z.strictObject({ code: JoinCode });
export const SessionRefSchema = z.strictObject({ sessionId: SessionId });
export const SyncSessionSchema = z.strictObject({ sessionId: SessionId, since: z.number().int().min(0) });
export const SessionAttemptSchema = z.strictObject({
  sessionId: SessionId,
  levelId: z.string().min(1).max(100),
  fresh: z.boolean().optional(),
});
export const SelectSchema = z.strictObject({ sessionId: SessionId, resourceId: z.string().max(100).nullable() });
export const ControlSessionSchema = z.strictObject({
  sessionId: SessionId,
  action: z.enum(['pause', 'resume', 'end']),
});
export const BroadcastSchema = z.strictObject({
  sessionId: SessionId,
  text: z.string().trim().min(1, 'the message is empty').max(500, 'at most 500 characters'),
  /** a team id; everyone when left out */
  teamId: z.string().uuid('is not a team id').optional(),
});
export const PushHintSchema = z.strictObject({
  sessionId: SessionId,
  teamId: z.string().uuid('is not a team id'),
  levelId: z.string().min(1).max(100),
  index: z.number().int().min(0).max(20),
});
export const TimelineSchema = z.strictObject({ sessionId: SessionId, teamId: z.string().uuid('is not a team id') });
