import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadLevels } from '../../app/_server/levels/level-files';
import { startAttempt } from '../../engine/grade/evaluate';
import { parseSteps } from '../../engine/lab/lab-file';
import { loadLab } from '../../engine/lab/load-lab';
import { parseLabText, type LabStep } from '../../engine/lab/lab-file';
import { runStep, startSession, type LabSession } from '../../engine/lab/run-lab';
import {
  restoreSession,
  snapshotSession,
  SNAPSHOT_FORMAT,
  type SessionSnapshot,
} from '../../engine/lab/session-snapshot';
import type { StepReport } from '../../engine/lab/report';
import type { Problem } from '../../engine/model/problems';

const root = path.resolve(import.meta.dirname, '../..');
const { levels } = loadLevels(path.join(root, 'challenges'));

/** A snapshot as the server stores it: through JSON and back. */
function throughJson(s: SessionSnapshot): SessionSnapshot {
  return JSON.parse(JSON.stringify(s)) as SessionSnapshot;
}

function resumed(snapshot: SessionSnapshot): LabSession {
  const r = restoreSession(throughJson(snapshot));
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.session;
}

/**
 * Runs `steps` straight through, then again broken after every step: snapshot, JSON, restore,
 * go on. Every report after the break, and the state at the end, must be the same.
 */
function expectResumable(start: () => LabSession, steps: LabStep[]): void {
  const straight = start();
  const reports = steps.map((s) => runStep(straight, s));
  const finalState = JSON.stringify(snapshotSession(straight));
  for (let cut = 0; cut <= steps.length; cut++) {
    const s = start();
    steps.slice(0, cut).forEach((step) => runStep(s, step));
    const r = resumed(snapshotSession(s));
    const after: StepReport[] = steps.slice(cut).map((step) => runStep(r, step));
    expect(after, `resumed after step ${cut}`).toEqual(reports.slice(cut));
    expect(JSON.stringify(snapshotSession(r)), `state at the end, resumed after step ${cut}`).toBe(finalState);
  }
}

describe('a session snapshot resumes exactly where it was taken', () => {
  for (const level of levels) {
    it(`level ${level.challenge.id}: its reference solution, broken at every step`, () => {
      const problems: Problem[] = [];
      const raw = (
        parse(readFileSync(path.join(root, 'challenges', level.challenge.id, 'solution.yaml'), 'utf8')) as {
          steps: unknown[];
        }
      ).steps;
      const steps = parseSteps(raw, 'steps', problems);
      expect(problems).toEqual([]);
      expectResumable(() => {
        const a = startAttempt(level.challenge);
        if (!a.ok) throw new Error('level does not start');
        return a.session;
      }, steps);
    });
  }

  for (const file of [
    'ha-failover-route.yaml',
    'ha-failover-secondary-ip.yaml',
    'bgp-in-subnet.yaml',
    'level2-reference.yaml',
  ]) {
    it(`tests/labs/${file}: named flows, NAT state, VRRP and BGP timers survive the snapshot`, () => {
      const parsed = parseLabText(readFileSync(path.join(root, 'tests/labs', file), 'utf8'));
      if (!parsed.ok) throw new Error('lab does not parse');
      const loaded = loadLab(parsed.lab);
      if (!loaded.ok) throw new Error('lab does not load');
      expectResumable(() => startSession(loaded.loaded), parsed.lab.steps);
    });
  }

  it('infinite timers (a backup that never adverts, a peer never heard) come back as infinite', () => {
    const level = levels.find((l) => l.challenge.id === '04-bgp-appliance-in-subnet')!;
    const a = startAttempt(level.challenge);
    if (!a.ok) throw new Error('level does not start');
    const snap = throughJson(snapshotSession(a.session));
    expect(JSON.stringify(snap)).not.toContain('Infinity');
    const back = resumed(snap);
    expect([...back.control.daemons.bgp.values()].map((b) => b.lastHeard)).toEqual(
      [...a.session.control.daemons.bgp.values()].map((b) => b.lastHeard),
    );
  });

  it('a snapshot of another format is refused, so the caller rebuilds from the steps', () => {
    const level = levels[0]!;
    const a = startAttempt(level.challenge);
    if (!a.ok) throw new Error('level does not start');
    const r = restoreSession({ ...snapshotSession(a.session), format: 0 as typeof SNAPSHOT_FORMAT });
    expect(r.ok).toBe(false);
  });
});
