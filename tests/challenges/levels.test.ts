import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLevels } from '../../app/_server/levels/level-files';
import { levelView, topologyView } from '../../app/_server/levels/catalog';
import type { Check } from '../../engine/grade/challenge';
import { evaluate, replayAttempt, runChecks, startAttempt } from '../../engine/grade/evaluate';
import type { Topology } from '../../engine/model/topology';
import { stepAllowed } from '../../engine/grade/permissions';
import { permissionContext } from '../../engine/grade/permission-context';
import { formatLabReport } from '../../engine/index';
import { runStep } from '../../engine/lab/run-lab';

const root = path.resolve(import.meta.dirname, '../../challenges');

/** What each brief says the starting topology fails, and what it scores. */
const START: Record<string, { fails: string[]; score: number }> = {
  '01-where-is-my-public-ip': {
    fails: ['internet-cannot-ping-b', 'neighbour-public-blocked', 'neighbour-private-blocked'],
    score: 55,
  },
  '02-private-subnet-nat': { fails: ['app1-updates', 'app2-updates', 'no-unsolicited-inbound'], score: 40 },
  '03-ha-failover-without-garp': {
    fails: ['adverts-reach-peer', 'one-master', 'failover-to-backup', 'failover-both-servers'],
    score: 10,
  },
  '04-bgp-appliance-in-subnet': {
    fails: ['app-host-by-mac', 'app-host-https', 'batch-via-vpc-route', 'second-app-host', 'batch-https'],
    score: 0,
  },
  // the three gated checks pass on the start but score nothing until what they require passes
  '05-stateful-meets-stateless': {
    fails: ['app1-updates', 'app1-database', 'bastion-ssh', 'scraper-blocked', 'app2-paths', 'scraper-every-port'],
    score: 0,
  },
  '06-addresses-that-move': {
    fails: [
      'partner-reaches-web1',
      'web1-calls-from-eip',
      'survives-stop-start',
      'failover-inbound',
      'failover-outbound',
      'failover-customers',
      'second-failover',
    ],
    score: 0,
  },
  // admin-ssh-unchanged and legs-stay-checked pass on the start, gated by ws-checkout
  '07-two-legs-one-box': {
    fails: [
      'ws-checkout',
      'contractor-checkout',
      'build-checkout',
      'failover-to-standby',
      'contractor-after-failover',
      'primary-returns',
      'second-failover',
    ],
    score: 0,
  },
  // db-only-from-web and bastion-admin pass on the start, gated by web1-db-request
  '08-east-west-inspection': { fails: ['web1-db-request', 'web1-db-reply', 'web2-db'], score: 0 },
  // customer-address-preserved and bastion-direct pass on the start, gated by web1-inspected
  '09-north-south-inspection': {
    fails: ['web1-inspected', 'web2-inspected', 'office-inspected', 'web-outbound-inspected'],
    score: 0,
  },
  // other-egress-unchanged, data-no-internet and new-subnets-private pass on the start, gated
  '10-route-tables-under-stress': {
    fails: [
      'partner-from-registered-address',
      'partner-both-ranges',
      'export-survives-main-swap',
      'data-inspected-both-ways',
    ],
    score: 0,
  },
  // the two "must be refused" checks fail on the start too: nothing reaches the services yet
  '11-vpc-peering': {
    fails: [
      'app-directory',
      'app-database',
      'directory-only-app-group',
      'app2-both',
      'app-updates-via-proxy',
      'db-only-app-group',
    ],
    score: 0,
  },
  // prod-cannot-reach-dev and prod-a-unchanged pass on the start, gated
  '12-transit-gateway': {
    fails: [
      'dev-repo',
      'dev-cannot-reach-prod',
      'dev-internet',
      'prod-b-repo-inspected',
      'prod-b-internet',
      'next-attachment-isolated',
    ],
    score: 0,
  },
  // internet-stays-on-nat passes on the start, gated by erp-from-app1; survives-tunnel2-loss is gated too
  '13-site-to-site-vpn': {
    fails: [
      'erp-from-app1',
      'monitoring-reaches-app1',
      'labels-from-app1',
      'app2-reaches-dc',
      'new-dc-networks-follow',
      'survives-tunnel1-loss',
      'survives-tunnel2-loss',
    ],
    score: 0,
  },
  // failover-other-subnet, failback-to-primary and second-failover are gated: they score nothing here
  '14-vpc-route-server': {
    fails: [
      'steady-both-subnets',
      'peers-up-with-bfd',
      'failover-to-backup',
      'failover-other-subnet',
      'failback-to-primary',
      'second-failover',
    ],
    score: 0,
  },
  // public-nacl-still-tight, db-admits-only-its-clients and app-db-stays-direct pass on the start, gated
  '15-capstone-an-account-you-didnt-build': {
    fails: [
      'checkout-all-clients',
      'payments-both-azs',
      'reports-through-firewall',
      'ci-downloads',
      'checkout-every-client',
      'natbox-survives-reboot',
    ],
    score: 0,
  },
};
const { levels, problems } = loadLevels(root);

describe('shipped levels (challenges/)', () => {
  it('every level folder validates against the challenge schema', () => {
    expect(problems).toEqual([]);
    expect(levels.map((l) => l.challenge.id)).toEqual([
      '01-where-is-my-public-ip',
      '02-private-subnet-nat',
      '03-ha-failover-without-garp',
      '04-bgp-appliance-in-subnet',
      '05-stateful-meets-stateless',
      '06-addresses-that-move',
      '07-two-legs-one-box',
      '08-east-west-inspection',
      '09-north-south-inspection',
      '10-route-tables-under-stress',
      '11-vpc-peering',
      '12-transit-gateway',
      '13-site-to-site-vpn',
      '14-vpc-route-server',
      '15-capstone-an-account-you-didnt-build',
    ]);
  });

  for (const level of levels) {
    const c = level.challenge;
    describe(c.id, () => {
      it('its starting topology fails at least one check: the ones its brief names', () => {
        const start = startAttempt(c);
        if (!start.ok) throw new Error(JSON.stringify(start.problems));
        const report = evaluate(c, start.session.control.topology);
        expect(report.checks.filter((k) => !k.passed).map((k) => k.id)).toEqual(START[c.id]!.fails);
        expect(report.score).toBe(START[c.id]!.score);
      });

      it('its reference solution replays the story, stays within what the level allows, and passes every check', () => {
        const start = startAttempt(c);
        if (!start.ok) throw new Error(JSON.stringify(start.problems));
        // each step is allowed in the attempt as it stands when the learner sends it
        const reports = level.solution.map((step) => {
          const p = stepAllowed(c.allowed, step, permissionContext(start.session.control.topology));
          expect(p, `step ${step.index} (${step.kind})`).toEqual({ ok: true });
          return runStep(start.session, step);
        });
        const replay = { session: start.session, reports };
        const failed = replay.reports.filter((r) => !r.ok);
        expect(
          failed,
          formatLabReport({ file: c.id, valid: true, steps: failed, passed: 0, failed: failed.length }),
        ).toEqual([]);
        const report = evaluate(c, replay.session.control.topology);
        const summary = report.checks
          .map((k) => `${k.id}: ${k.passed ? 'pass' : `FAIL ${k.steps.map((s) => s.summary).join(' | ')}`}`)
          .join('\n');
        expect(report.complete, summary).toBe(true);
        expect(report.score).toBe(report.maxScore);
        expect(report.maxScore).toBe(100);
      });

      it("the browser's preview of the visible checks (from the level view the page gets) agrees with the server's grade", () => {
        const view = levelView(level);
        // the page decides whether to preview from this flag, so the view must carry it
        expect(view.hidePublicAddresses).toBe(c.hidePublicAddresses);
        const checks = view.visibleChecks.map((k) => ({ ...k, visible: true })) as unknown as Check[];
        const start = startAttempt(c);
        const replay = replayAttempt(c, level.solution);
        if (!start.ok || !replay.ok) throw new Error('level does not start');
        for (const topology of [start.session.control.topology, replay.session.control.topology]) {
          const server = evaluate(c, topology)
            .checks.filter((k) => k.visible)
            .map((k) => [k.id, k.passed]);
          const shown = topologyView(level, topology) as Topology;
          const preview = runChecks(shown, checks).map((k) => [k.id, k.passed]);
          // the page does not preview a level that hides addresses: the view lacks them (see ChecksPanel)
          if (c.hidePublicAddresses) expect(preview).not.toEqual(server);
          else expect(preview).toEqual(server);
        }
      });
    });
  }
});
