import { describe, expect, it } from 'vitest';
import { judgePrediction } from '../../engine/grade/prediction';
import type { StepReport } from '../../engine/lab/report';

const dropped: StepReport = {
  index: 1,
  kind: 'expect',
  ok: true,
  counted: true,
  summary: 'scraper -> 198.51.100.20 tcp/443: dropped',
  result: 'dropped',
  drop: {
    code: 'SUBNET_ACL_RESTRICTION',
    at: 'acl-default',
    within: ['subnet-pub', 'vpc-shop'],
    explanation: 'the subnet network ACL denies this packet',
  },
};

describe('judging a guess (predict before running)', () => {
  it('is right when the result matches and the place is the dropping component or what holds it', () => {
    expect(judgePrediction({ result: 'dropped', at: 'acl-default' }, dropped)?.right).toBe(true);
    expect(judgePrediction({ result: 'dropped', at: 'subnet-pub' }, dropped)?.right).toBe(true);
    expect(judgePrediction({ result: 'dropped' }, dropped)?.right).toBe(true);
  });

  it('is wrong for another result, another place, or the VPC that holds everything', () => {
    expect(judgePrediction({ result: 'roundtrip' }, dropped)?.right).toBe(false);
    expect(judgePrediction({ result: 'dropped', at: 'sg-web' }, dropped)?.right).toBe(false);
    expect(judgePrediction({ result: 'dropped', at: 'vpc-shop' }, dropped)?.right).toBe(false);
  });

  it('has nothing to judge for a step that sent no traffic', () => {
    const look: StepReport = { index: 2, kind: 'run', ok: true, counted: false, summary: 'i-a: ip route' };
    expect(judgePrediction({ result: 'roundtrip' }, look)).toBeUndefined();
  });
});
