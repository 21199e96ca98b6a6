import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadLevels } from '../../app/_server/levels/level-files';
import type { Challenge } from '../../engine/grade/challenge';
import { startAttempt } from '../../engine/grade/evaluate';
import { stepAllowed } from '../../engine/grade/permissions';
import { permissionContext } from '../../engine/grade/permission-context';
import { parseSteps, type LabStep } from '../../engine/lab/lab-file';
import { continueWait, runStep, type LabSession } from '../../engine/lab/run-lab';
import { runtimeView } from '../../engine/lab/runtime-view';
import { snapshotSession } from '../../engine/lab/session-snapshot';
import type { StepReport } from '../../engine/lab/report';
import type { Problem } from '../../engine/model/problems';

const root = path.resolve(import.meta.dirname, '../..');
const levels = loadLevels(path.join(root, 'challenges')).levels;
const L3 = levels.find((l) => l.challenge.id === '03-ha-failover-without-garp')!.challenge;
const L4 = levels.find((l) => l.challenge.id === '04-bgp-appliance-in-subnet')!.challenge;
const L6 = levels.find((l) => l.challenge.id === '06-addresses-that-move')!.challenge;

function start(c: Challenge): LabSession {
  const s = startAttempt(c);
  if (!s.ok) throw new Error('level does not start');
  return s.session;
}

function steps(raw: unknown[]): LabStep[] {
  const problems: Problem[] = [];
  const out = parseSteps(raw, 'steps', problems);
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return out;
}

/** Runs steps; every one must succeed unless `allowFail`. */
function play(s: LabSession, raw: unknown[], allowFail = false): StepReport[] {
  return steps(raw).map((st) => {
    const r = runStep(s, st);
    if (!allowFail && !r.ok) throw new Error(`${r.summary}: ${r.error ?? r.mismatches?.join('; ') ?? ''}`);
    return r;
  });
}

const sh = (s: LabSession, on: string, cmd: string) => play(s, [{ run: { on, cmd } }], true)[0]!;

/** Level 3's fix as the reference solution makes it: the files it writes, protocol 112, the ENI flag. */
const L3_FIX = (
  parseYaml(readFileSync(path.join(root, 'challenges/03-ha-failover-without-garp/solution.yaml'), 'utf8')) as {
    steps: Record<string, unknown>[];
  }
).steps
  .slice(0, 7)
  .filter((st) => 'write' in st || ('aws' in st && !('expectError' in st)));

function eventsOf(s: LabSession, kind: string) {
  return runtimeView(s).events.filter((e) => e.kind === kind);
}

describe('level 3 in time: the timeline and the badges say what the daemons did', () => {
  it('split brain: both keepalived nodes go MASTER, their multicast adverts die at their own ENI, with a trace', () => {
    const s = start(L3);
    play(s, [{ wait: 5 }]);
    const view = runtimeView(s);
    expect(view.time).toBe(5);
    expect(view.vrrp.map((m) => [m.instance, m.state, m.holdsVip])).toEqual([
      ['i-fw1', 'MASTER', true],
      ['i-fw2', 'MASTER', true],
    ]);
    const masters = eventsOf(s, 'vrrp').filter((e) => e.text.includes('→ MASTER'));
    expect(masters.map((e) => e.instance)).toEqual(['i-fw1', 'i-fw2']);
    // fw1 (priority 200) times out first: 3 adverts plus (256 - 200) / 256 of one
    expect(masters[0]!.at).toBeCloseTo(3.21875, 5);
    const advert = eventsOf(s, 'advert').find((e) => e.instance === 'i-fw1')!;
    expect(advert.drop).toMatchObject({ code: 'ENGINE_MULTICAST_UNSUPPORTED', at: 'eni-fw1-in' });
    expect(advert.trace?.at(-1)).toMatchObject({ resource: 'eni-fw1-in', action: 'drop' });
    expect(advert.text).toContain('advert to 224.0.0.18');
  });

  it('the gratuitous ARP keepalived sends, and the one a learner sends, are dropped as broadcast with the reason', () => {
    const s = start(L3);
    play(s, [{ wait: 5 }]);
    const garp = eventsOf(s, 'garp');
    expect(garp.map((e) => e.instance)).toEqual(['i-fw1', 'i-fw2']);
    expect(garp[0]!.drop?.code).toBe('ENGINE_BROADCAST_UNSUPPORTED');
    expect(garp[0]!.drop?.explanation).toContain('broadcast');
    sh(s, 'i-fw2', 'arping -U -c 3 -I eth1 10.0.1.254');
    const after = eventsOf(s, 'garp').at(-1)!;
    expect(after.instance).toBe('i-fw2');
    expect(after.trace?.map((h) => h.resource)).toEqual(['i-fw2', 'eni-fw2-in']);
    expect(sh(s, 'i-app1', 'ip neigh show 10.0.1.254').output).not.toContain('lladdr');
  });

  it('with the fix, a crash of fw1 shows as fw2 going MASTER and its script calling ReplaceRoute, within 5 s', () => {
    const s = start(L3);
    play(s, [...L3_FIX, { wait: 10 }]);
    expect(runtimeView(s).vrrp.map((m) => m.state)).toEqual(['MASTER', 'BACKUP']);
    const before = runtimeView(s).events.at(-1)!.id;
    play(s, [{ fail: 'i-fw1' }, { wait: 5 }]);
    const recent = runtimeView(s).events.filter((e) => e.id > before);
    expect(recent.map((e) => e.kind)).toEqual(expect.arrayContaining(['instance', 'vrrp', 'script', 'api']));
    const api = recent.find((e) => e.kind === 'api')!;
    expect(api).toMatchObject({
      instance: 'i-fw2',
      outcome: 'ok',
      text: 'ReplaceRoute rtb-app 0.0.0.0/0: eni-fw1-in → eni-fw2-in',
    });
    expect(api.at).toBeLessThan(15);
    expect(runtimeView(s).failed).toEqual(['i-fw1']);
    expect(sh(s, 'i-fw2', 'journalctl -u keepalived').output).toContain(
      'Script `/etc/keepalived/take-over.sh` succeeded',
    );
  });

  it("a notify script's refused call is on the timeline and in the journal with the CLI's error", () => {
    const s = start(L3);
    const wrong =
      '#!/bin/sh\naws ec2 replace-route --route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --instance-id i-fw2\n';
    play(s, [
      ...L3_FIX,
      { write: { on: 'i-fw2', path: '/etc/keepalived/take-over.sh', content: wrong } },
      { wait: 10 },
      { fail: 'i-fw1' },
      { wait: 5 },
    ]);
    const api = eventsOf(s, 'api').at(-1)!;
    expect(api.outcome).toBe('failed');
    expect(api.text).toContain('InvalidInstanceID');
    expect(sh(s, 'i-fw2', 'journalctl -u keepalived -n 3').output).toMatch(
      /Script `\/etc\/keepalived\/take-over.sh` exited with status 254: An error occurred \(InvalidInstanceID\)/,
    );
  });

  it('systemctl stop keepalived on the master hands over to the backup; status says so; start takes it back', () => {
    const s = start(L3);
    play(s, [...L3_FIX, { wait: 10 }]);
    expect(sh(s, 'i-fw1', 'systemctl status keepalived').output).toContain('Active: active (running)');
    play(s, [{ run: { on: 'i-fw1', cmd: 'systemctl stop keepalived' } }, { wait: 5 }]);
    const status = sh(s, 'i-fw1', 'systemctl status keepalived');
    expect(status.output).toContain('Active: inactive (dead)');
    expect(runtimeView(s).vrrp.map((m) => m.state)).toEqual(['STOPPED', 'MASTER']);
    expect(sh(s, 'i-fw1', 'ip -4 addr show dev eth1').output).not.toContain('10.0.1.254');
    expect(sh(s, 'i-app1', 'nc -zv -w 3 203.0.113.50 443').output).toContain('succeeded');
    play(s, [{ run: { on: 'i-fw1', cmd: 'systemctl start keepalived' } }, { wait: 10 }]);
    // priority 200 preempts
    expect(runtimeView(s).vrrp.map((m) => m.state)).toEqual(['MASTER', 'BACKUP']);
  });

  it('nopreempt keeps the backup that took over as master when fw1 comes back', () => {
    const s = start(L3);
    play(s, L3_FIX);
    for (const on of ['i-fw1', 'i-fw2']) {
      const conf = (sh(s, on, 'cat /etc/keepalived/keepalived.conf').output ?? '').replace(
        'advert_int 1',
        'advert_int 1\n    nopreempt',
      );
      play(s, [{ write: { on, path: '/etc/keepalived/keepalived.conf', content: `${conf}\n` } }]);
    }
    play(s, [{ wait: 10 }, { fail: 'i-fw1' }, { wait: 5 }, { recover: 'i-fw1' }, { wait: 10 }]);
    expect(runtimeView(s).vrrp.map((m) => m.state)).toEqual(['BACKUP', 'MASTER']);
  });

  it('a file with a problem changes nothing; the same file saved again restarts nothing', () => {
    const s = start(L3);
    const before = JSON.stringify(s.control.topology);
    const [bad] = play(
      s,
      [
        {
          write: {
            on: 'i-fw1',
            path: '/etc/keepalived/keepalived.conf',
            content: 'vrrp_instance X {\n  priorty 5\n}\n',
          },
        },
      ],
      true,
    );
    expect(bad!.ok).toBe(false);
    expect(bad!.fileProblems?.map((p) => p.line)).toEqual([1, 1, 2]);
    expect(bad!.error).toContain("(/etc/keepalived/keepalived.conf: Line 2) Unknown keyword 'priorty'");
    expect(JSON.stringify(s.control.topology)).toBe(before);
    const same = sh(s, 'i-fw1', 'cat /etc/keepalived/keepalived.conf').output;
    const rows = runtimeView(s).events.length;
    play(s, [{ write: { on: 'i-fw1', path: '/etc/keepalived/keepalived.conf', content: `${same}\n` } }]);
    expect(
      runtimeView(s)
        .events.slice(rows)
        .map((e) => e.text),
    ).toEqual(['/etc/keepalived/keepalived.conf written (no change)']);
  });

  it('a lab can expect a file to be refused, naming what the daemon says', () => {
    const s = start(L3);
    const [r] = play(
      s,
      [
        {
          write: { on: 'i-fw1', path: '/etc/sysctl.conf', content: 'net.ipv4.ip_forward = yes\n' },
          expectError: 'Invalid argument',
        },
      ],
      true,
    );
    expect(r!.ok).toBe(true);
  });
});

describe('level 4 in time: BGP converges, vtysh and the timeline agree', () => {
  it('"until things settle" stops once nothing changed for the quiet period, and says so; atMost bounds it', () => {
    const s = start(L4);
    const [r] = play(s, [{ wait: { until: 'settled' } }]);
    expect(r!.summary).toBe('settled after 11 s (nothing changed for 10 s)');
    expect(s.control.world.time).toBe(11);
    const t = start(L4);
    const [bounded] = play(t, [{ wait: { until: 'settled', atMost: 3 } }]);
    expect(bounded!.summary).toBe('still changing after 3 s');
  });

  it('the learned route shows in ip route, vtysh summary and show ip route, and as timeline events', () => {
    const s = start(L4);
    play(s, [{ wait: 30 }]);
    expect(sh(s, 'i-h1', 'ip route').output).toContain('192.168.50.0/24 via 10.0.1.20 dev eth0 proto bgp metric 20');
    const summary = sh(s, 'i-h1', 'vtysh -c "show ip bgp summary"').output;
    expect(summary).toContain('BGP router identifier 10.0.1.30, local AS number 65101 vrf-id 0');
    expect(summary).toMatch(/10\.0\.1\.20\s+4\s+65002\s+\d+\s+\d+\s+0\s+0\s+0 00:00:29\s+1\s+1 N\/A/);
    expect(summary).toMatch(/10\.0\.2\.20\s+4\s+65002\s+0\s+0\s+0\s+0\s+0\s+never\s+Active/);
    expect(sh(s, 'i-h1', 'vtysh -c "sh ip ro"').output).toContain(
      'B>* 192.168.50.0/24 [20/0] via 10.0.1.20, eth0, weight 1',
    );
    expect(sh(s, 'i-batch', 'vtysh -c "show ip route"').output).toContain('via 10.0.1.20 (recursive)');
    expect(sh(s, 'i-h1', 'vtysh -c "show bgp ipv4 unicast"').output).toContain(' *> 192.168.50.0/24  10.0.1.20');
    const learned = eventsOf(s, 'bgp-route').find((e) => e.instance === 'i-h1')!;
    expect(learned).toMatchObject({ at: 1, peer: 'i-r1' });
    expect(learned.text).toBe(
      'learned 192.168.50.0/24 from 10.0.1.20 (AS path 65002) and installed it: 192.168.50.0/24 via 10.0.1.20 proto bgp',
    );
    const edge = runtimeView(s).bgp.find((e) => e.a === 'i-h1' && e.b === 'i-r1')!;
    expect(edge.state).toBe('Established');
    expect(runtimeView(s).bgp.find((e) => e.a === 'i-h1' && e.b === 'i-r2')!.state).toBe('Idle');
  });

  it('stopping frr on r1 takes the sessions down after the hold time and withdraws the route, on the timeline', () => {
    const s = start(L4);
    play(s, [{ wait: 30 }]);
    // level 4 lets the learner look at frr, not stop it: the lab can
    play(s, [{ run: { on: 'i-r1', cmd: 'systemctl stop frr' } }, { wait: 12 }]);
    expect(sh(s, 'i-r1', 'vtysh -c "show ip bgp summary"').output).toBe('Exiting: failed to connect to any daemons.');
    expect(sh(s, 'i-h1', 'ip route').output).not.toContain('192.168.50.0/24');
    const down = eventsOf(s, 'bgp-session').find((e) => e.instance === 'i-h1' && e.text.includes('down'))!;
    expect(down.at).toBe(39);
    expect(
      eventsOf(s, 'bgp-route').some((e) => e.instance === 'i-h1' && e.text.startsWith('withdrew 192.168.50.0/24')),
    ).toBe(true);
  });
});

describe('the running clock: one second at a time is the same network as one wait', () => {
  it('level 3 failing over and level 4 converging: 37 ticks equal wait 37, byte for byte', () => {
    for (const [level, before] of [
      [L3, [...L3_FIX, { wait: 10 }, { fail: 'i-fw1' }]],
      [L4, []],
    ] as const) {
      const once = start(level);
      play(once, [...before, { wait: 37 }]);
      const ticks = start(level);
      play(ticks, [...before]);
      for (let i = 0; i < 37; i++) continueWait(ticks, 1, i === 0);
      expect(JSON.stringify(snapshotSession(ticks))).toBe(JSON.stringify(snapshotSession(once)));
    }
  });
});

describe('what a level lets the learner write', () => {
  const ctx = (s: LabSession) => permissionContext(s.control.topology);
  const may = (c: Challenge, s: LabSession, raw: unknown) => stepAllowed(c.allowed, steps([raw])[0]!, ctx(s));

  it("level 6: keepalived's priority and notify scripts, never its peers or group (the brief's read-only parts)", () => {
    const s = start(L6);
    const conf = sh(s, 'i-web1', 'cat /etc/keepalived/keepalived.conf').output ?? '';
    const path = '/etc/keepalived/keepalived.conf';
    const write = (content: string) => may(L6, s, { write: { on: 'i-web1', path, content } });
    expect(write(conf.replace(/priority 200/, 'priority 150'))).toEqual({ ok: true });
    expect(
      write(
        conf.replace(
          /(virtual_ipaddress)/,
          'notify_master "/usr/bin/aws ec2 associate-address --allocation-id eipalloc-shop --network-interface-id eni-web1 --allow-reassociation"\n    $1',
        ),
      ),
    ).toEqual({ ok: true });
    expect(write(conf.replace(/10\.0\.1\.11/, '10.0.1.99'))).toEqual({
      ok: false,
      reason:
        "this level lets you change only priority, notify_master, notify_backup of i-web1's vrrp; unicast_peer must stay as it is",
    });
    expect(write(conf.replace(/virtual_router_id 60/, 'virtual_router_id 61')).ok).toBe(false);
    // the same rule for a configure step, and keepalived cannot be removed
    const vrrp = s.control.topology.instances.find((i) => i.id === 'i-web1')!.os.vrrp!;
    expect(may(L6, s, { configure: { on: 'i-web1', os: { vrrp: { ...vrrp, priority: 120 } } } })).toEqual({ ok: true });
    expect(may(L6, s, { configure: { on: 'i-web1', os: { vrrp: { ...vrrp, group: 61 } } } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('virtual_router_id must stay as it is'),
    });
    expect(may(L6, s, { run: { on: 'i-web1', cmd: 'rm /etc/keepalived/keepalived.conf' } }).ok).toBe(false);
  });

  it("level 3: keepalived's files on the firewalls, with notify commands the level allows; nothing else", () => {
    const s = start(L3);
    const conf = sh(s, 'i-fw1', 'cat /etc/keepalived/keepalived.conf').output;
    expect(may(L3, s, { write: { on: 'i-fw1', path: '/etc/keepalived/keepalived.conf', content: conf } })).toEqual({
      ok: true,
    });
    const edge =
      '#!/bin/sh\naws ec2 replace-route --route-table-id rtb-edge --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-fw1-in\n';
    expect(may(L3, s, { write: { on: 'i-fw1', path: '/etc/keepalived/take-over.sh', content: edge } })).toEqual({
      ok: false,
      reason:
        'a notify script would run `aws ec2 replace-route --route-table-id rtb-edge --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-fw1-in`: this level lets you call replace-route only on rtb-app',
    });
    expect(may(L3, s, { write: { on: 'i-app1', path: '/etc/keepalived/keepalived.conf', content: conf } }).ok).toBe(
      false,
    );
    expect(
      may(L3, s, { write: { on: 'i-fw1', path: '/etc/sysctl.conf', content: 'net.ipv4.ip_forward = 0\n' } }).ok,
    ).toBe(false);
    expect(may(L3, s, { write: { on: 'i-fw1', path: '/etc/resolv.conf', content: '' } })).toEqual({
      ok: false,
      reason: '/etc/resolv.conf comes from the VPC and cannot be changed',
    });
    // a script written earlier is checked where keepalived.conf names it
    play(s, [{ write: { on: 'i-fw1', path: '/etc/keepalived/edge.sh', content: '#!/bin/sh\necho ok\n' } }]);
    expect(
      may(L3, s, {
        configure: { on: 'i-fw1', os: { vrrp: { group: 51, vip: '10.0.1.254', onMaster: [edge.split('\n')[1]] } } },
      }).ok,
    ).toBe(false);
  });

  it('level 4: BGP configuration is read-only, and so is removing it', () => {
    const s = start(L4);
    const frr = sh(s, 'i-r1', 'cat /etc/frr/frr.conf').output;
    expect(may(L4, s, { write: { on: 'i-r1', path: '/etc/frr/frr.conf', content: frr } })).toEqual({
      ok: false,
      reason: "this level does not let you change i-r1's configuration",
    });
    expect(may(L4, s, { run: { on: 'i-r1', cmd: 'vtysh -c "show ip bgp summary"' } })).toEqual({ ok: true });
    expect(may(L4, s, { run: { on: 'i-r1', cmd: 'systemctl status frr' } })).toEqual({ ok: true });
    expect(may(L4, s, { run: { on: 'i-r1', cmd: 'systemctl stop frr' } }).ok).toBe(false);
  });
});
