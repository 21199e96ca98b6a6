import type { Challenge } from '@/engine/grade/challenge';
import type { LevelFiles } from './level-files';

/** What a learner may know of a level: everything but hidden checks, solutions and unused hints. */
export interface LevelView {
  id: string;
  title: string;
  order: number;
  summary: string;
  minutes?: string;
  buildsOn: string[];
  track: string;
  briefing: string;
  maxScore: number;
  allowed: Challenge['allowed'];
  /** visible checks in full (their steps let the browser preview them with the engine) */
  visibleChecks: { id: string; points: number; feedback: string; requires: string[]; steps: Challenge['checks'][number]['steps'] }[];
  hiddenChecks: { count: number; points: number };
  hints: { index: number; cost: number }[];
}

export function levelView(level: LevelFiles): LevelView {
  const c = level.challenge;
  const hidden = c.checks.filter((k) => !k.visible);
  return {
    id: c.id,
    title: c.title,
    order: c.order,
    summary: c.summary,
    ...(c.minutes ? { minutes: c.minutes } : {}),
    buildsOn: c.buildsOn,
    track: c.track,
    briefing: level.briefing,
    maxScore: c.checks.reduce((n, k) => n + k.points, 0),
    allowed: c.allowed,
    visibleChecks: c.checks.filter((k) => k.visible).map((k) => ({ id: k.id, points: k.points, feedback: k.feedback, requires: k.requires.filter((r) => c.checks.find((x) => x.id === r)?.visible), steps: k.steps })),
    hiddenChecks: { count: hidden.length, points: hidden.reduce((n, k) => n + k.points, 0) },
    hints: c.hints.map((h, index) => ({ index, cost: h.cost })),
  };
}

/** The starting network as the learner's inspector shows it; level 1 hides public addresses. */
export function topologyView(level: LevelFiles, topology: unknown): unknown {
  if (!level.challenge.hidePublicAddresses) return topology;
  return JSON.parse(JSON.stringify(topology, (k, v) => (k === 'publicIp' ? undefined : v)));
}
