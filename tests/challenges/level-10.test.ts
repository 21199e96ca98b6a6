import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadLevels } from '../../app/_server/levels/level-files';
import { parseSolution } from '../../engine/grade/challenge';
import { evaluate, replayAttempt } from '../../engine/grade/evaluate';
import { associationId } from '../../engine/control/associations';

const root = path.resolve(import.meta.dirname, '../../challenges');
const level = loadLevels(root).levels.find((l) => l.challenge.id === '10-route-tables-under-stress')!;

/** The score a list of calls earns from the level's start. */
function score(calls: (string | { aws: string; id?: string })[]): number {
  const steps = parseSolution({ steps: calls.map((c) => (typeof c === 'string' ? { aws: c } : c)) });
  if (!steps.ok) throw new Error(JSON.stringify(steps.problems));
  const replay = replayAttempt(level.challenge, steps.steps);
  if (!replay.ok) throw new Error(JSON.stringify(replay.problems));
  for (const r of replay.reports) expect(r.ok, `${r.summary} ${r.error ?? ''}`).toBe(true);
  return evaluate(level.challenge, replay.session.control.topology).score;
}

const PARTNER = [
  'ec2 create-nat-gateway --subnet-id subnet-pub --allocation-id eipalloc-partner',
  // the engine names the first NAT gateway it creates nat-1
  'ec2 replace-route --route-table-id rtb-app --destination-prefix-list-id pl-partner --nat-gateway-id nat-1',
];
const PIN_BATCH = ['ec2 associate-route-table --route-table-id rtb-main --subnet-id subnet-batch'];
const DATA_TABLE = [
  'ec2 create-route-table --vpc-id vpc-shop',
  'ec2 create-route --route-table-id rtb-1 --destination-cidr-block 10.0.1.0/24 --network-interface-id eni-fw',
  'ec2 associate-route-table --route-table-id rtb-1 --subnet-id subnet-data',
];

describe('level 10: what each way through scores (the brief)', () => {
  it('partner only 40, partner and batch 75, the six-call fix 100', () => {
    expect(score(PARTNER)).toBe(40);
    expect(score([...PARTNER, ...PIN_BATCH])).toBe(75);
    expect(score([...PARTNER, ...PIN_BATCH, ...DATA_TABLE])).toBe(100);
  });

  it('the accepted alternatives score 100', () => {
    // subnet-batch on a table of its own with the same target
    expect(
      score([
        ...PARTNER,
        ...DATA_TABLE,
        'ec2 create-route-table --vpc-id vpc-shop',
        'ec2 create-route --route-table-id rtb-2 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-main',
        'ec2 associate-route-table --route-table-id rtb-2 --subnet-id subnet-batch',
      ]),
    ).toBe(100);
    // the firewall return route in rtb-private instead of a table for subnet-data
    expect(
      score([
        ...PARTNER,
        ...PIN_BATCH,
        'ec2 create-route --route-table-id rtb-private --destination-cidr-block 10.0.1.0/24 --network-interface-id eni-fw',
      ]),
    ).toBe(100);
    // rtb-private made main by the learner once everything is pinned: the pipeline changes nothing
    expect(
      score([
        ...PARTNER,
        ...PIN_BATCH,
        ...DATA_TABLE,
        'ec2 replace-route-table-association --association-id rtbassoc-main-vpc-shop --route-table-id rtb-private',
      ]),
    ).toBe(100);
  });

  it('the pipeline finds the main association by lookup, after the learner rehearsed the swap and put it back', () => {
    const calls = [
      'ec2 replace-route-table-association --association-id rtbassoc-main-vpc-shop --route-table-id rtb-private',
      // the answer's NewAssociationId is the id to use from then on
      'ec2 replace-route-table-association --association-id rtbassoc-main-vpc-shop-1 --route-table-id rtb-main',
      ...PARTNER,
      ...PIN_BATCH,
      ...DATA_TABLE,
    ];
    const steps = parseSolution({ steps: calls.map((aws) => ({ aws })) });
    if (!steps.ok) throw new Error('unparsable');
    const replay = replayAttempt(level.challenge, steps.steps);
    if (!replay.ok) throw new Error('no replay');
    expect(replay.reports.map((r) => r.ok)).toEqual(calls.map(() => true));
    const topology = replay.session.control.topology;
    expect(associationId(topology, 'rtb-main:vpc-shop')).toBe('rtbassoc-main-vpc-shop-2');
    const report = evaluate(level.challenge, topology);
    const swap = report.checks.find((c) => c.id === 'export-survives-main-swap')!;
    expect(swap.steps.map((s) => s.summary)).toContain(
      'ec2 replace-route-table-association --association-id rtbassoc-main-vpc-shop-2 --route-table-id rtb-private',
    );
    expect(report.score).toBe(100);
  });

  it('the wrong solutions score what the brief grades them, following AWS where the brief says it would', () => {
    // brief: 0, 0, 0, 0, 30, 0, 0, 65, 40, 80, 90, 75; wrong 3 and 7 score 0 there only because
    // that engine refused their first call, and "following AWS each would score 30"
    const expected = [0, 0, 30, 0, 30, 0, 30, 65, 40, 80, 90, 75];
    const dir = path.join(root, level.challenge.id, 'wrong');
    const files = readdirSync(dir).sort();
    const scores = files.map((f) => {
      const wrong = parse(readFileSync(path.join(dir, f), 'utf8')) as { steps: { aws: string; id?: string }[] };
      return score(wrong.steps);
    });
    expect(scores).toEqual(expected);
  });
});
