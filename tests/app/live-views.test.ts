import { describe, expect, it } from 'vitest';
import {
  emptyDashboard,
  reduceDashboard,
  type LearnerSessionView,
  type LiveEvent,
} from '../../app/_shared/live-events';
import { applyLearnerEvent } from '../../app/_hooks/useLiveSession';
import { resultsCsv } from '../../app/_server/live/results-csv';
import { markNodes } from '../../app/_components/play/graph';

const AT = '2026-11-22T10:00:00.000Z';
const base = emptyDashboard({
  sessionId: 's',
  title: 'Lab, "week 3"',
  code: 'ABCDEF',
  mode: 'team',
  levelIds: ['l1'],
  stuckMinutes: 5,
});
const events: LiveEvent[] = [
  { seq: 1, at: AT, kind: 'join', userId: 'u1', name: '=HYPERLINK("x")', teamId: 't1', teamName: 'Team 1' },
  {
    seq: 2,
    at: AT,
    kind: 'attempt',
    userId: 'u1',
    name: 'A',
    teamId: 't1',
    levelId: 'l1',
    attemptId: 'a1',
    checksTotal: 4,
  },
  {
    seq: 3,
    at: AT,
    kind: 'step',
    userId: 'u1',
    name: 'A',
    teamId: 't1',
    levelId: 'l1',
    attemptId: 'a1',
    attemptVersion: 1,
    step: { aws: 'x' },
    ok: true,
    summary: '',
    checksPassed: 2,
    checksTotal: 4,
  },
  {
    seq: 4,
    at: AT,
    kind: 'grade',
    userId: 'u1',
    name: 'A',
    teamId: 't1',
    levelId: 'l1',
    attemptId: 'a1',
    score: 40,
    maxScore: 100,
    complete: false,
  },
];

describe('the dashboard reducer and its exports', () => {
  it('ignores an event it has already folded, so a duplicate or replay changes nothing', () => {
    const once = events.reduce(reduceDashboard, base);
    expect(reduceDashboard(once, events[2]!)).toBe(once);
    expect(once.rows.t1!.levels.l1).toMatchObject({ checksPassed: 2, steps: 1, bestScore: 40 });
    expect(once.rows.t1!.points).toBe(40);
  });

  it('quotes CSV fields (RFC 4180) and defuses spreadsheet formulas in names', () => {
    const csv = resultsCsv(events.reduce(reduceDashboard, base), new Map([['l1', { maxScore: 100, checks: 4 }]]));
    const line = csv.split('\r\n')[1]!;
    expect(line).toBe(`"Lab, ""week 3""",Team 1,"'=HYPERLINK(""x"")",l1,40,100,2,4,false,0,1,${AT}`);
  });

  it('CSV: a level not started counts its checks, and each line says when that learner last acted on that level', () => {
    const later = '2026-11-22T10:07:00.000Z';
    const two = { ...base, levelIds: ['l1', 'l2'] };
    const more: LiveEvent[] = [
      ...events,
      { seq: 5, at: later, kind: 'join', userId: 'u2', name: 'Bo', teamId: 't1', teamName: 'Team 1' },
      {
        seq: 6,
        at: later,
        kind: 'step',
        userId: 'u2',
        name: 'Bo',
        teamId: 't1',
        levelId: 'l1',
        attemptId: 'a1',
        attemptVersion: 2,
        step: { aws: 'y' },
        ok: true,
        summary: '',
        checksPassed: 2,
        checksTotal: 4,
      },
    ];
    const csv = resultsCsv(
      more.reduce(reduceDashboard, two),
      new Map([
        ['l1', { maxScore: 100, checks: 4 }],
        ['l2', { maxScore: 100, checks: 6 }],
      ]),
    );
    const lines = csv.trim().split('\r\n').slice(1);
    expect(lines.map((l) => l.split(',').slice(-9))).toEqual([
      ['l1', '40', '100', '2', '4', 'false', '0', '2', AT],
      ['l2', '0', '100', '0', '6', 'false', '0', '0', ''],
      ['l1', '40', '100', '2', '4', 'false', '0', '2', later],
      ['l2', '0', '100', '0', '6', 'false', '0', '0', ''],
    ]);
  });

  it("folds a learner's view: status, messages to them, their team's progress; another team's steps move only the version", () => {
    const view: LearnerSessionView = {
      session: {
        sessionId: 's',
        code: 'ABCDEF',
        title: 'Lab',
        mode: 'team',
        levelIds: ['l1'],
        teamSize: 2,
        status: 'running',
      },
      version: 1,
      me: { userId: 'u1', teamId: 't1', teamName: 'Team 1', members: [] },
      levels: [{ levelId: 'l1', title: 'L1', maxScore: 100, checksPassed: 0, checksTotal: 4, bestScore: 0 }],
      messages: [],
    };
    let v = applyLearnerEvent(view, events[2]!);
    expect(v.levels[0]).toMatchObject({ checksPassed: 2 });
    v = applyLearnerEvent(v, { ...events[2]!, seq: 5, teamId: 't2', checksPassed: 4 } as LiveEvent);
    expect(v.levels[0]!.checksPassed).toBe(2);
    expect(v.version).toBe(5);
    v = applyLearnerEvent(v, { seq: 6, at: AT, kind: 'status', status: 'paused' });
    expect(v.session.status).toBe('paused');
    expect(applyLearnerEvent(v, { seq: 6, at: AT, kind: 'status', status: 'ended' })).toBe(v);
  });

  it('rings the nodes teammates look at and names them under the label', () => {
    const nodes = markNodes(
      [
        { id: 'i-b', position: { x: 0, y: 0 }, data: { label: 'i-b' }, className: 'node-instance' },
        { id: 'i-a', position: { x: 0, y: 0 }, data: { label: 'i-a' } },
      ],
      new Map([['i-b', 'Ben']]),
    );
    expect(nodes[0]).toMatchObject({ className: 'node-instance node-teammate', data: { label: 'i-b\n◉ Ben' } });
    expect(nodes[1]).toMatchObject({ data: { label: 'i-a' } });
  });
});
