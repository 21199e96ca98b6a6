import type { LevelView } from '@/app/_shared/views';
import { totalPoints } from '@/engine/grade/points';
import type { Topology } from '@/engine/model/topology';
import type { LevelFiles } from './level-files';

const views = new WeakMap<LevelFiles, LevelView>();

/**
 * What a learner may know of a level (app/_shared/views.ts): no hidden checks, no solution, no
 * hint text. Built once per loaded level: every attempt view, step reply and dashboard uses it.
 */
export function levelView(level: LevelFiles): LevelView {
  let view = views.get(level);
  if (!view) views.set(level, (view = buildLevelView(level)));
  return view;
}

function buildLevelView(level: LevelFiles): LevelView {
  const c = level.challenge;
  const hidden = c.checks.filter((k) => !k.visible);
  const visible = new Set(c.checks.filter((k) => k.visible).map((k) => k.id));
  return {
    id: c.id,
    title: c.title,
    order: c.order,
    summary: c.summary,
    ...(c.minutes ? { minutes: c.minutes } : {}),
    buildsOn: c.buildsOn,
    track: c.track,
    hidePublicAddresses: c.hidePublicAddresses,
    briefing: level.briefing,
    maxScore: totalPoints(c.checks),
    allowed: c.allowed,
    visibleChecks: c.checks
      .filter((k) => visible.has(k.id))
      .map((k) => ({
        id: k.id,
        points: k.points,
        ...(k.requirement ? { requirement: k.requirement } : {}),
        feedback: k.feedback,
        requires: k.requires.filter((r) => visible.has(r)),
        steps: k.steps,
      })),
    hiddenChecks: { count: hidden.length, points: totalPoints(hidden) },
    hints: c.hints.map((h, index) => ({ index, cost: h.cost })),
    ...(level.snapshot ? { snapshot: level.snapshot.map((f) => f.path) } : {}),
  };
}

/** The network as the learner's inspector shows it; level 1 hides public addresses. */
export function topologyView(level: LevelFiles, topology: Topology): Topology {
  if (!level.challenge.hidePublicAddresses) return topology;
  return JSON.parse(JSON.stringify(topology, (k, v: unknown) => (k === 'publicIp' ? undefined : v))) as Topology;
}
