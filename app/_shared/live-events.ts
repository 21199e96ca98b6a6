import type { SessionMode, SessionStatus } from './live-protocol';
import { outcomeText, type JudgedPrediction } from '@/engine/grade/prediction';

/**
 * A live session's log: every accepted operation, numbered in order by the session's room
 * (its version counter). The server stores them before it acknowledges and broadcasts; the
 * dashboard and the learners' pages fold them with the same reducer the server uses.
 */
export type LiveEventBody =
  | { kind: 'join'; userId: string; name: string; teamId: string; teamName: string }
  | {
      kind: 'step';
      userId: string;
      name: string;
      teamId: string;
      levelId: string;
      attemptId: string;
      /** the attempt's version after this step */
      attemptVersion: number;
      step: Record<string, unknown>;
      ok: boolean;
      summary: string;
      /** the drop code, when the step sent traffic that was dropped */
      dropCode?: string;
      /** the learner's guess before this traffic test, beside what happened (never scored) */
      prediction?: JudgedPrediction;
      checksPassed: number;
      checksTotal: number;
    }
  | {
      kind: 'grade';
      userId: string;
      name: string;
      teamId: string;
      levelId: string;
      attemptId: string;
      score: number;
      maxScore: number;
      complete: boolean;
    }
  | {
      kind: 'hint';
      userId: string;
      name: string;
      teamId: string;
      levelId: string;
      attemptId: string;
      index: number;
      cost: number;
      pushed: boolean;
    }
  | {
      kind: 'attempt';
      userId: string;
      name: string;
      teamId: string;
      levelId: string;
      attemptId: string;
      checksTotal: number;
    }
  | { kind: 'message'; text: string; from: string; teamId?: string }
  | { kind: 'status'; status: SessionStatus };

export type LiveEvent = LiveEventBody & { seq: number; at: string };

/** Events that concern one team: its members and the instructor get them; the rest go to everyone. */
export function teamOf(e: LiveEventBody): string | undefined {
  return 'teamId' in e ? e.teamId : undefined;
}

export interface LevelCell {
  attemptId?: string;
  attemptVersion: number;
  checksPassed: number;
  checksTotal: number;
  bestScore: number;
  complete: boolean;
  hints: number;
  steps: number;
  /** the last drop code seen, and how many traffic tests in a row ended in it */
  lastDrop?: string;
  sameDrop: number;
  lastProgressAt?: string;
  /** when each member last acted on this level (a step, a grade, a hint, opening it) */
  activity?: Record<string, string>;
  /** each member's guesses before traffic tests, against what happened, by user id */
  predictions?: Record<string, PredictionTally>;
}

/** A learner's guesses on one level: how many were right, the current run of wrong ones, the latest few. */
export interface PredictionTally {
  right: number;
  wrong: number;
  wrongInARow: number;
  recent: { summary: string; guess: string; actual: string; right: boolean }[];
}

/** Wrong guesses in a row after which the dashboard says a learner is worth a visit. */
export const WRONG_GUESSES_WORTH_A_VISIT = 3;
/** Guesses each learner's tally keeps to show. */
const RECENT_GUESSES = 5;

function tallyGuess(tally: PredictionTally | undefined, summary: string, p: JudgedPrediction): PredictionTally {
  const t = tally ?? { right: 0, wrong: 0, wrongInARow: 0, recent: [] };
  return {
    right: t.right + (p.right ? 1 : 0),
    wrong: t.wrong + (p.right ? 0 : 1),
    wrongInARow: p.right ? 0 : t.wrongInARow + 1,
    recent: [
      ...t.recent,
      { summary, guess: outcomeText(p.guess), actual: outcomeText(p.actual), right: p.right },
    ].slice(-RECENT_GUESSES),
  };
}

export interface DashboardRow {
  teamId: string;
  name: string;
  members: { userId: string; name: string }[];
  levels: Record<string, LevelCell>;
  joinedAt: string;
  lastActivityAt: string;
  /** best scores summed over the levels (race points) */
  points: number;
  /** when the points last went up (race ties break on it) */
  pointsAt?: string;
  hints: number;
}

export interface DashboardState {
  sessionId: string;
  title: string;
  code: string;
  mode: SessionMode;
  levelIds: string[];
  status: SessionStatus;
  stuckMinutes: number;
  /** when the session's time limit runs out (ISO), if it has one */
  endsAt?: string;
  version: number;
  rows: Record<string, DashboardRow>;
  messages: { seq: number; text: string; from: string; teamId?: string; at: string }[];
}

const emptyCell = (): LevelCell => ({
  attemptVersion: 0,
  checksPassed: 0,
  checksTotal: 0,
  bestScore: 0,
  complete: false,
  hints: 0,
  steps: 0,
  sameDrop: 0,
});

/**
 * Folds one event into the dashboard (pure; the server and the browser share it). Events at
 * or below the state's version are ignored, so a replayed or duplicated event changes nothing.
 */
export function reduceDashboard(state: DashboardState, e: LiveEvent): DashboardState {
  if (e.seq <= state.version) return state;
  const next: DashboardState = { ...state, version: e.seq, rows: { ...state.rows } };
  if (e.kind === 'status') return { ...next, status: e.status };
  if (e.kind === 'message')
    return {
      ...next,
      messages: [
        ...state.messages,
        { seq: e.seq, text: e.text, from: e.from, at: e.at, ...(e.teamId ? { teamId: e.teamId } : {}) },
      ].slice(-50),
    };
  if (e.kind === 'join') {
    const row = state.rows[e.teamId] ?? {
      teamId: e.teamId,
      name: e.teamName,
      members: [],
      levels: {},
      joinedAt: e.at,
      lastActivityAt: e.at,
      points: 0,
      hints: 0,
    };
    if (!row.members.some((m) => m.userId === e.userId))
      next.rows[e.teamId] = { ...row, members: [...row.members, { userId: e.userId, name: e.name }] };
    return next;
  }
  const row = state.rows[e.teamId];
  if (!row) return next;
  const cell = { ...(row.levels[e.levelId] ?? emptyCell()) };
  const updated: DashboardRow = { ...row, lastActivityAt: e.at, levels: { ...row.levels, [e.levelId]: cell } };
  // a pushed hint is the instructor's act, not the learner's
  if (!(e.kind === 'hint' && e.pushed)) cell.activity = { ...cell.activity, [e.userId]: e.at };
  if (e.kind === 'attempt') {
    Object.assign(cell, {
      attemptId: e.attemptId,
      attemptVersion: 0,
      checksPassed: 0,
      checksTotal: e.checksTotal,
      complete: false,
      steps: 0,
      sameDrop: 0,
      lastProgressAt: e.at,
    });
    delete cell.lastDrop;
  } else if (e.kind === 'step') {
    if (e.checksPassed > cell.checksPassed) cell.lastProgressAt = e.at;
    Object.assign(cell, {
      attemptId: e.attemptId,
      attemptVersion: e.attemptVersion,
      checksPassed: e.checksPassed,
      checksTotal: e.checksTotal,
      steps: cell.steps + 1,
    });
    if (e.prediction)
      cell.predictions = {
        ...cell.predictions,
        [e.userId]: tallyGuess(cell.predictions?.[e.userId], e.summary, e.prediction),
      };
    if (e.dropCode) {
      cell.sameDrop = e.dropCode === cell.lastDrop ? cell.sameDrop + 1 : 1;
      cell.lastDrop = e.dropCode;
    } else if (e.step.expect !== undefined) {
      // traffic that got through breaks a run of drops
      cell.sameDrop = 0;
      delete cell.lastDrop;
    }
  } else if (e.kind === 'grade') {
    cell.complete = cell.complete || e.complete;
    if (e.score > cell.bestScore) {
      cell.bestScore = e.score;
      updated.points = Object.values(updated.levels).reduce((n, c) => n + c.bestScore, 0);
      updated.pointsAt = e.at;
    }
  } else if (e.kind === 'hint') {
    cell.hints += 1;
    updated.hints = row.hints + 1;
  }
  next.rows[e.teamId] = updated;
  return next;
}

/** Why a row looks stuck on a level, if it does: the same drop again and again, or no progress for a while. */
export function stuckReason(cell: LevelCell, row: DashboardRow, now: number, stuckMinutes: number): string | undefined {
  if (cell.complete) return undefined;
  if (cell.sameDrop >= 3 && cell.lastDrop) return `dropped with ${cell.lastDrop} ${cell.sameDrop} times in a row`;
  const since = Date.parse(cell.lastProgressAt ?? row.joinedAt);
  const minutes = Math.floor((now - since) / 60_000);
  if (cell.attemptId && minutes >= stuckMinutes) return `no progress for ${minutes} min`;
  return undefined;
}

/** Race order: more points first, then who got them earlier, then fewer hints. */
export function leaderboard(state: DashboardState): DashboardRow[] {
  return Object.values(state.rows).sort(
    (a, b) =>
      b.points - a.points ||
      (a.pointsAt ?? '9').localeCompare(b.pointsAt ?? '9') ||
      a.hints - b.hints ||
      a.name.localeCompare(b.name),
  );
}

/** What learners see of a race: the ranking only. */
export function standings(state: DashboardState): Standing[] {
  return leaderboard(state).map((r) => ({ teamId: r.teamId, name: r.name, points: r.points, hints: r.hints }));
}

export interface Standing {
  teamId: string;
  name: string;
  points: number;
  hints: number;
}

/** The state before any event: the session's settings. */
export function emptyDashboard(
  s: Pick<DashboardState, 'sessionId' | 'title' | 'code' | 'mode' | 'levelIds' | 'stuckMinutes' | 'endsAt'>,
): DashboardState {
  return { ...s, status: 'running', version: 0, rows: {}, messages: [] };
}

/** A session as listed and as its join screen shows it. */
export interface SessionSummary {
  sessionId: string;
  code: string;
  title: string;
  mode: SessionMode;
  levelIds: string[];
  teamSize: number;
  status: SessionStatus;
}

/** A session in the instructor's list: its summary, when it was opened, how many joined. */
export interface SessionListItem extends SessionSummary {
  createdAt: string;
  learners: number;
}

/** What a learner in a session sees: their team, the levels, the instructor's messages, and in race mode the leaderboard. */
export interface LearnerSessionView {
  session: SessionSummary;
  version: number;
  me: { userId: string; teamId: string; teamName: string; members: { userId: string; name: string }[] };
  levels: {
    levelId: string;
    title: string;
    maxScore: number;
    attemptId?: string;
    checksPassed: number;
    checksTotal: number;
    bestScore: number;
  }[];
  messages: DashboardState['messages'];
  leaderboard?: Standing[];
}

/** What the instructor's dashboard starts from; live events are folded into `state` after it. */
export interface DashboardView {
  state: DashboardState;
  online: string[];
  /** the session's levels; their hints with their text, for the instructor to read before pushing one */
  levels: {
    levelId: string;
    title: string;
    maxScore: number;
    hints: { index: number; cost: number; text: string }[];
  }[];
}
