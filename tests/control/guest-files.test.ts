import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findLabFiles, readSnapshot } from '../../bin/lab-files';
import type { InstanceNode, Network } from '../../engine/network/network';
import { vrrpDevIndex } from '../../engine/control/daemons/vrrp';
import {
  formatFileProblems,
  guestFiles,
  parseGuestFiles,
  writeGuestFile,
  type FileModel,
} from '../../engine/control/files/guest-files';
import { parseChallenge, parseSolution } from '../../engine/grade/challenge';
import type { LabFile, LabStep } from '../../engine/lab/lab-file';
import { parseLabText } from '../../engine/lab/lab-file';
import { loadLab } from '../../engine/lab/load-lab';
import type { GuestOs } from '../../engine/model/guest-os';

const root = path.resolve(import.meta.dirname, '../..');
const shared = path.resolve(root, '../shared');

/** Every lab the project ships or runs: levels (start, solution, checks), examples, tests/labs, the briefs' labs. */
function labSources(): { name: string; lab: LabFile; extraSteps: LabStep[]; dir: string }[] {
  const out: { name: string; lab: LabFile; extraSteps: LabStep[]; dir: string }[] = [];
  for (const level of readdirSync(path.join(root, 'challenges'), { withFileTypes: true })) {
    if (!level.isDirectory()) continue;
    const dir = path.join(root, 'challenges', level.name);
    const c = parseChallenge(parseYaml(readFileSync(path.join(dir, 'challenge.yaml'), 'utf8')));
    if (!c.ok) throw new Error(`${level.name} does not load`);
    const s = parseSolution(parseYaml(readFileSync(path.join(dir, 'solution.yaml'), 'utf8')));
    const steps = [...(s.ok ? s.steps : []), ...c.challenge.checks.flatMap((k) => k.steps)];
    out.push({ name: `challenges/${level.name}`, lab: c.challenge.lab, extraSteps: steps, dir });
  }
  const folders = [path.join(root, 'examples'), path.join(root, 'tests/labs')];
  if (existsSync(shared)) folders.push(path.join(shared, 'levels/labs'), path.join(shared, 'conformance'));
  for (const folder of folders)
    for (const file of findLabFiles(folder)) {
      const parsed = parseLabText(readFileSync(file, 'utf8'));
      if (parsed.ok)
        out.push({ name: path.relative(root, file), lab: parsed.lab, extraSteps: [], dir: path.dirname(file) });
    }
  return out;
}

/** What the files represent of a model; a VRRP device given explicitly as the one keepalived derives is the same model. */
function fileModel(inst: InstanceNode, os: GuestOs): FileModel {
  const m: FileModel = { ipForward: os.ipForward, firewall: os.firewall, files: os.files };
  if (os.nat) m.nat = os.nat;
  if (os.vrrp) {
    const { dev, ...rest } = os.vrrp;
    const derived = vrrpDevIndex(inst, { vip: os.vrrp.vip });
    m.vrrp = dev !== undefined && dev !== `eth${derived}` ? { ...rest, dev } : rest;
  }
  if (os.bgp) m.bgp = os.bgp;
  return m;
}

/** Each guest model of a lab: every instance at the start, and after each `configure` step. */
function models(network: Network, steps: LabStep[]): { inst: InstanceNode; label: string }[] {
  const out: { inst: InstanceNode; label: string }[] = [];
  const current = new Map([...network.instances].map(([id, inst]) => [id, inst]));
  for (const inst of current.values()) out.push({ inst, label: inst.id });
  for (const step of steps) {
    if (step.kind !== 'configure') continue;
    const inst = current.get(step.configure.on);
    if (!inst) continue;
    const next = { ...inst, os: { ...inst.os, ...step.configure.os } as GuestOs };
    current.set(inst.id, next);
    out.push({ inst: next, label: `${inst.id} after step ${step.index}` });
  }
  return out;
}

describe('guest configuration files', () => {
  it('every guest model of the shipped levels and labs prints to files and parses back to itself', () => {
    let checked = 0;
    let withDaemons = 0;
    for (const source of labSources()) {
      const loaded = loadLab(
        source.lab,
        source.lab.import ? readSnapshot(path.resolve(source.dir, source.lab.import)) : undefined,
      );
      if (!loaded.ok) continue;
      const network = loaded.loaded.network;
      for (const { inst, label } of models(network, [...source.lab.steps, ...source.extraSteps])) {
        const files = guestFiles(network, inst);
        const back = parseGuestFiles(inst, files);
        const where = `${source.name} ${label}`;
        if (!back.ok)
          throw new Error(`${where}: ${back.path}\n${formatFileProblems(back.kind, back.path, back.problems)}`);
        expect(back.model, where).toEqual(fileModel(inst, inst.os));
        checked++;
        if (inst.os.vrrp || inst.os.bgp) withDaemons++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(withDaemons).toBeGreaterThan(20);
  });
});

/** Level 3's fw1 and level 4's r1, as their levels start. */
function levelInstance(level: string, id: string): { network: Network; inst: InstanceNode } {
  const c = parseChallenge(parseYaml(readFileSync(path.join(root, 'challenges', level, 'challenge.yaml'), 'utf8')));
  if (!c.ok) throw new Error('level does not load');
  const loaded = loadLab(c.challenge.lab);
  if (!loaded.ok) throw new Error('level does not build');
  return { network: loaded.loaded.network, inst: loaded.loaded.network.instances.get(id)! };
}

const fw1 = () => levelInstance('03-ha-failover-without-garp', 'i-fw1');
const r1 = () => levelInstance('04-bgp-appliance-in-subnet', 'i-r1');

/** The file as the guest has it now. */
function fileOf(network: Network, inst: InstanceNode, p: string): string {
  const f = guestFiles(network, inst).find((x) => x.path === p);
  if (!f) throw new Error(`no ${p}`);
  return f.content;
}

/** Writes a file and returns what the daemon's config check printed (the test fails if it was accepted). */
function refusal(network: Network, inst: InstanceNode, p: string, content: string): string {
  const r = writeGuestFile(network, inst, p, content);
  if (r.ok) throw new Error(`${p} was accepted:\n${content}`);
  for (const problem of r.problems) expect(problem.line).toBeGreaterThanOrEqual(0);
  return formatFileProblems(r.kind, p, r.problems);
}

describe('a malformed configuration file is refused with its line, as the daemon reports it', () => {
  const KC = '/etc/keepalived/keepalived.conf';

  it('keepalived: a misspelt keyword, a bad priority, a missing brace, a second VIP, a script that is not there', () => {
    const { network, inst } = fw1();
    const good = fileOf(network, inst, KC);
    expect(refusal(network, inst, KC, good.replace('priority 200', 'priorty 200'))).toBe(
      `(${KC}: Line 5) Unknown keyword 'priorty'`,
    );
    expect(refusal(network, inst, KC, good.replace('priority 200', 'priority 300'))).toBe(
      `(${KC}: Line 5) (EDGE) Priority not valid! must be between 1 & 255`,
    );
    expect(refusal(network, inst, KC, good.replace(/}\n$/, ''))).toBe(`(${KC}) There are 1 missing '}'s or extra '{'s`);
    expect(
      refusal(
        network,
        inst,
        KC,
        good.replace('10.0.1.254/24 dev eth1', '10.0.1.254/24 dev eth1\n        10.0.1.253/24 dev eth1'),
      ),
    ).toBe(`(${KC}: Line 9) (EDGE) the simulator models one virtual address per instance`);
    expect(
      refusal(network, inst, KC, good.replace(/notify_master .*/, 'notify_master "/etc/keepalived/take-over.sh"')),
    ).toBe(
      `(${KC}: Line 10) check_script_secure could not find script '/etc/keepalived/take-over.sh' - disabling (write the script first)`,
    );
    expect(refusal(network, inst, KC, good.replace('advert_int 1', 'advert_int 50'))).toContain(
      'Advert interval (50) not valid! Must be between 0.01 and 40.95',
    );
    expect(refusal(network, inst, KC, good.replace('interface eth1', 'interface eth7'))).toBe(
      `(${KC}: Line 3) WARNING - interface eth7 for vrrp_instance EDGE doesn't exist`,
    );
    expect(refusal(network, inst, KC, `${good}vrrp_script chk {\n    script "/bin/true"\n}\n`)).toContain(
      'Line 12) vrrp_script: health-check scripts are not modelled here',
    );
    // and nothing changed: the model still prints the same file
    expect(fileOf(network, inst, KC)).toBe(good);
  });

  it('keepalived: every problem of a file is listed, each with its own line', () => {
    const { network, inst } = fw1();
    const text =
      'vrrp_instance EDGE {\n  state MASTR\n  priority 0\n  virtual_ipaddress {\n    10.0.1.300\n  }\n}\n}\n';
    const r = writeGuestFile(network, inst, KC, text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.line)).toEqual([1, 1, 2, 3, 5, 8]);
  });

  it("FRR: an unknown command, an incomplete one, a route-map that is not defined, another AS's prepend", () => {
    const { network, inst } = r1();
    const F = '/etc/frr/frr.conf';
    const good = fileOf(network, inst, F);
    expect(
      refusal(
        network,
        inst,
        F,
        good.replace('neighbor 10.0.1.30 remote-as 65101', 'neighbor 10.0.1.30 remote-az 65101'),
      ),
    ).toBe('line 10: % neighbor 10.0.1.30 remote-az 65101: not modelled here');
    expect(
      refusal(network, inst, F, good.replace('neighbor 10.0.1.30 remote-as 65101', 'neighbor 10.0.1.30 remote-as')),
    ).toBe('line 10: % Command incomplete: neighbor 10.0.1.30 remote-as');
    expect(
      refusal(network, inst, F, good.replace('network 192.168.50.0/24', 'network 192.168.50.0/24 route-map BACKUP')),
    ).toBe('line 16: % route-map BACKUP is not defined in this file; the simulator needs it to know the prepend');
    expect(
      refusal(
        network,
        inst,
        F,
        `${good}route-map BACKUP permit 10\n set as-path prepend 65001\nexit\n`.replace(
          'network 192.168.50.0/24',
          'network 192.168.50.0/24 route-map BACKUP',
        ),
      ),
    ).toContain("the simulator models prepending the router's own AS (65002) only");
    expect(refusal(network, inst, F, good.replace('router bgp 65002', 'router bgp 65002\n bogus command'))).toBe(
      'line 8: % Unknown command: bogus command',
    );
    expect(refusal(network, inst, F, good.replace('network 192.168.50.0/24', 'network 192.168.50.1/24'))).toContain(
      'line 16: % Inconsistent address and mask',
    );
  });

  it('FRR: a prepend written as a route-map is read back as the model has it', () => {
    const { network, inst } = r1();
    const F = '/etc/frr/frr.conf';
    const text = fileOf(network, inst, F)
      .replace('network 192.168.50.0/24', 'network 192.168.50.0/24 route-map STANDBY')
      .concat('route-map STANDBY permit 10\n set as-path prepend 65002 65002\nexit\n');
    const r = writeGuestFile(network, inst, F, text);
    if (!r.ok) throw new Error(formatFileProblems(r.kind, F, r.problems));
    expect(r.patch.bgp?.networks).toEqual([{ prefix: '192.168.50.0/24', asPathPrepend: 2 }]);
    expect(r.reload).toEqual(['frr']);
  });

  it('sysctl.conf, the iptables rules, resolv.conf and scripts: each refusal names its line', () => {
    const { network, inst } = fw1();
    expect(refusal(network, inst, '/etc/sysctl.conf', 'net.ipv4.ip_forward = 2\n')).toBe(
      'sysctl: setting key "net.ipv4.ip_forward": Invalid argument',
    );
    expect(refusal(network, inst, '/etc/sysctl.conf', '# ok\nnet.ipv4.tcp_fastopen = 3\n')).toBe(
      'sysctl: cannot stat /proc/sys/net/ipv4/tcp_fastopen: No such file or directory',
    );
    const rules = fileOf(network, inst, '/etc/iptables/rules.v4');
    expect(
      refusal(network, inst, '/etc/iptables/rules.v4', rules.replace('-j MASQUERADE', '-j SNAT --to 10.0.0.9')),
    ).toBe(
      'iptables-restore: line 7 failed: only "-A POSTROUTING -o <dev> -j MASQUERADE" is modelled in the nat table',
    );
    expect(refusal(network, inst, '/etc/resolv.conf', 'nameserver 8.8.8.8\n')).toContain(
      "comes from the VPC's DHCP options",
    );
    expect(refusal(network, inst, '/usr/local/bin/x.sh', '#!/bin/sh\necho a | grep a\n')).toBe(
      '/usr/local/bin/x.sh: 2: the simulated shell runs one command per line, without pipes, lists (; && ||) and background jobs',
    );
    expect(refusal(network, inst, '/usr/local/bin/x.sh', '#!/bin/sh\n\nawz ec2 describe-vpcs\n')).toBe(
      '/usr/local/bin/x.sh: 3: awz: not found',
    );
  });

  it('random damage to any printed file gives problems or a model, never a crash', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const junk = ['{', '}', '"', '#', '!', '\\', ' ', '\n', 'x', '0', '/', '-1', 'router bgp 1', 'exit', '\t', 'é'];
    for (const { network, inst } of [fw1(), r1()]) {
      for (const f of guestFiles(network, inst)) {
        if (f.kind === 'resolv' || f.kind === 'system') continue;
        for (let i = 0; i < 200; i++) {
          const chars = [...f.content];
          for (let k = 0; k < 1 + rand(4); k++) {
            const at = rand(chars.length + 1);
            if (rand(2) === 0) chars.splice(at, 1 + rand(5));
            else chars.splice(at, 0, junk[rand(junk.length)]!);
          }
          const r = writeGuestFile(network, inst, f.path, chars.join(''));
          if (!r.ok) for (const p of r.problems) expect(typeof p.message).toBe('string');
        }
      }
    }
  });
});
