import { describe, expect, it } from 'vitest';
import { ControlState } from '../../engine/control/control-state';
import { runShellCommand } from '../../engine/control/shell/run-shell';
import { runAwsCommand } from '../../engine/control/aws/run-aws';
import { parseSteps } from '../../engine/lab/lab-file';
import { runStep, startSession } from '../../engine/lab/run-lab';
import { dropCode, flow, net } from '../helpers';

// i-r has a leg in each subnet; only subnet-a routes to the internet gateway.
const TOPO = `
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }
  - { id: subnet-b, vpc: vpc-1, cidr: 10.0.2.0/24 }
internetGateways: [{ id: igw-1, vpc: vpc-1 }]
routeTables: [{ id: rtb-a, vpc: vpc-1, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: igw-1 }] }]
securityGroups: [{ id: sg-open, vpc: vpc-1, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }]
instances:
  - id: i-r
    interfaces:
      - { id: eni-r0, subnet: subnet-a, privateIp: 10.0.1.10, publicIp: 198.51.100.10, mac: "0a:00:00:00:01:10", securityGroups: [sg-open] }
      - { id: eni-r1, subnet: subnet-b, privateIp: 10.0.2.10, mac: "0a:00:00:00:02:10", securityGroups: [sg-open] }
    os: { listen: [tcp/22] }
  - id: i-c
    interfaces: [{ id: eni-c, subnet: subnet-b, privateIp: 10.0.2.30, mac: "0a:00:00:00:02:30", securityGroups: [sg-open] }]
    os: { listen: [tcp/443] }
externalHosts: [{ id: web, ip: 203.0.113.80, listen: [tcp/443] }]
`;

const fresh = () => new ControlState(net(TOPO));
const vm = (s: ControlState, cmd: string, on = 'i-r') => runShellCommand(s, on, cmd);

describe('policy routing as Linux does it (ip rule, ip route … table N, ip route get … from)', () => {
  it('a route in table 100 stays out of main; a rule sends one source there; ip route get follows the rules', () => {
    const s = fresh();
    expect(vm(s, 'ip route add default via 10.0.2.1 dev eth1 table 100').exit).toBe(0);
    expect(vm(s, 'ip route show table 100').output).toBe('default via 10.0.2.1 dev eth1');
    expect(vm(s, 'ip route').output).not.toContain('via 10.0.2.1 ');
    expect(vm(s, 'ip route show table all').output).toContain('default via 10.0.2.1 dev eth1 table 100');
    // before the rule, table 100 is never read
    expect(vm(s, 'ip route get 203.0.113.80 from 10.0.2.10').output).toBe(
      '203.0.113.80 from 10.0.2.10 via 10.0.1.1 dev eth0 uid 0 \n    cache ',
    );
    expect(vm(s, 'ip rule add from 10.0.2.10 table 100').exit).toBe(0);
    expect(vm(s, 'ip rule').output).toBe(
      [
        '0:\tfrom all lookup local',
        '32765:\tfrom 10.0.2.10 lookup 100',
        '32766:\tfrom all lookup main',
        '32767:\tfrom all lookup default',
      ].join('\n'),
    );
    expect(vm(s, 'ip route get 203.0.113.80 from 10.0.2.10').output).toBe(
      '203.0.113.80 from 10.0.2.10 via 10.0.2.1 dev eth1 table 100 uid 0 \n    cache ',
    );
    expect(vm(s, 'ip route get 203.0.113.80').output).toBe(
      '203.0.113.80 via 10.0.1.1 dev eth0 src 10.0.1.10 uid 0 \n    cache ',
    );
    // the packets follow the same rules: from eth1's address they leave by eth1, into a subnet with no way out
    const viaRule = flow(s.network, { from: 'i-r', to: 'web', protocol: 'tcp', port: 443, fromIp: '10.0.2.10' });
    expect(viaRule.request.hops.some((h) => h.resource === 'eni-r1')).toBe(true);
    expect(dropCode(viaRule)).toBe('NO_ROUTE_TO_DESTINATION');
    expect(vm(s, 'ip rule del from 10.0.2.10 table 100').exit).toBe(0);
    const without = flow(s.network, { from: 'i-r', to: 'web', protocol: 'tcp', port: 443, fromIp: '10.0.2.10' });
    expect(without.request.hops.some((h) => h.resource === 'eni-r1')).toBe(false);
    // bad input says what is wrong, and changes nothing
    expect(vm(s, 'ip rule del from 10.0.2.10 table 100')).toMatchObject({
      exit: 2,
      output: 'RTNETLINK answers: No such file or directory',
    });
    expect(vm(s, 'ip rule add from 10.0.2.10 table nope').output).toContain('invalid table ID');
    expect(vm(s, 'ip route add 10.9.0.0/16 via 10.0.2.1 table x').output).toContain('"table" value is invalid');
    expect(vm(s, 'ip route get 8.8.8.8 from 10.9.9.9')).toMatchObject({
      exit: 2,
      output: 'RTNETLINK answers: Invalid argument',
    });
  });
});

describe('ip link, ip addr del, sysctl: with their effect', () => {
  it('per-ENI policy routing is rules and a table per extra interface, as ec2-net-utils sets them up (A3)', () => {
    const s = new ControlState(
      net(TOPO.replace('os: { listen: [tcp/22] }', 'os: { listen: [tcp/22], policyRouting: per-eni }')),
    );
    expect(vm(s, 'ip rule').output).toBe(
      '0:\tfrom all lookup local\n10001:\tfrom 10.0.2.10 lookup 10001\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default',
    );
    const table = vm(s, 'ip route show table 10001').output;
    expect(table).toContain('default via 10.0.2.1 dev eth1');
    expect(table).toContain('10.0.2.0/24 dev eth1 proto kernel scope link src 10.0.2.10');
    // a reply from eth1's address leaves by eth1, whatever main's default says
    expect(vm(s, 'ip route get 203.0.113.80 from 10.0.2.10').output).toContain(
      '203.0.113.80 from 10.0.2.10 via 10.0.2.1 dev eth1 table 10001',
    );
    expect(vm(s, 'ip route get 203.0.113.80').output).toContain('via 10.0.1.1 dev eth0');
  });

  it("ip route add … src takes one of the guest's own addresses, and refuses another", () => {
    const s = fresh();
    expect(vm(s, 'ip route add 10.0.2.0/24 dev eth1 src 10.0.2.10 table 10001').exit).toBe(0);
    expect(vm(s, 'ip route show table 10001').output).toContain('10.0.2.0/24 dev eth1');
    const refused = vm(s, 'ip route add default via 10.0.2.1 dev eth1 src 10.0.2.99 table 10001');
    expect(refused.output).toBe('Error: Invalid prefsrc address.');
    expect(refused.exit).not.toBe(0);
  });

  it('a device set down drops what arrives and loses its routes; up brings them back', () => {
    const s = fresh();
    expect(flow(s.network, { from: 'i-c', to: '10.0.2.10', protocol: 'tcp', port: 22 }).result).toBe('roundtrip');
    expect(vm(s, 'ip link set dev eth1 down').exit).toBe(0);
    expect(vm(s, 'ip link show').output).toContain('3: eth1: <BROADCAST,MULTICAST> mtu 9001 qdisc mq state DOWN');
    expect(vm(s, 'ip -br link').output).toMatch(/eth1\s+DOWN/);
    expect(vm(s, 'ip route').output).not.toContain('10.0.2.0/24');
    expect(dropCode(flow(s.network, { from: 'i-c', to: '10.0.2.10', protocol: 'tcp', port: 22 }))).toBe(
      'ENGINE_GUEST_LINK_DOWN',
    );
    expect(vm(s, 'ip link set dev eth1 up').exit).toBe(0);
    expect(vm(s, 'ip route').output).toContain('10.0.2.0/24 dev eth1 proto kernel scope link src 10.0.2.10');
    expect(vm(s, 'ip link set dev eth9 down').output).toBe('Cannot find device "eth9"');
  });

  it('ip -s link counts the frames an experiment carried through each device', () => {
    const s = fresh();
    expect(vm(s, 'nc -zv -w 1 10.0.2.30 443').output).toContain('succeeded');
    const out = vm(s, 'ip -s link show').output.split('\n');
    const eth1 = out.findIndex((l) => l.startsWith('3: eth1'));
    expect(out[eth1 + 2]).toContain('RX:  bytes packets');
    expect(Number(out[eth1 + 3]!.trim().split(/\s+/)[1])).toBeGreaterThan(0);
    expect(Number(out[eth1 + 5]!.trim().split(/\s+/)[1])).toBeGreaterThan(0);
  });

  it('ip addr del removes even the DHCP address: the guest no longer answers it, and add brings it back', () => {
    const s = fresh();
    expect(vm(s, 'ip addr del 10.0.2.10/24 dev eth1').exit).toBe(0);
    expect(vm(s, 'ip -4 addr show dev eth1').output).not.toContain('10.0.2.10');
    expect(vm(s, 'ip route').output).not.toContain('10.0.2.0/24');
    expect(flow(s.network, { from: 'i-c', to: '10.0.2.10', protocol: 'tcp', port: 22 }).result).not.toBe('roundtrip');
    expect(vm(s, 'ip addr del 10.0.2.10/24 dev eth1')).toMatchObject({
      exit: 2,
      output: 'RTNETLINK answers: Cannot assign requested address',
    });
    expect(vm(s, 'ip addr add 10.0.2.10/24 dev eth1').exit).toBe(0);
    expect(flow(s.network, { from: 'i-c', to: '10.0.2.10', protocol: 'tcp', port: 22 }).result).toBe('roundtrip');
  });

  it('net.ipv4.ip_local_port_range: read, set, and where client ports come from', () => {
    const s = fresh();
    expect(vm(s, 'sysctl net.ipv4.ip_local_port_range').output).toBe('net.ipv4.ip_local_port_range = 32768\t60999');
    expect(vm(s, 'sysctl -w net.ipv4.ip_local_port_range="1024 1030"').output).toBe(
      'net.ipv4.ip_local_port_range = 1024\t1030',
    );
    vm(s, 'nc -zv -w 1 10.0.2.30 443');
    const seen = s.world.captures.get('i-c')?.find((r) => r.direction === 'in');
    expect(seen?.srcPort).toBeGreaterThanOrEqual(1024);
    expect(seen?.srcPort).toBeLessThanOrEqual(1030);
    expect(vm(s, 'sysctl -w net.ipv4.ip_local_port_range="9 2"').exit).toBe(255);
  });
});

describe('what a reboot forgets', () => {
  it('ip and sysctl -w changes are gone after reboot-instances, a stop and start, or recover; files and configure stay', () => {
    const s = fresh();
    vm(s, 'ip route add 10.9.0.0/16 via 10.0.2.1');
    vm(s, 'ip rule add from 10.0.2.10 table 100');
    vm(s, 'sysctl -w net.ipv4.ip_forward=1');
    vm(s, 'ip link set dev eth1 down');
    expect(vm(s, 'sysctl net.ipv4.ip_forward').output).toBe('net.ipv4.ip_forward = 1');
    expect(runAwsCommand(s, 'aws ec2 reboot-instances --instance-ids i-r').ok).toBe(true);
    expect(vm(s, 'ip route').output).not.toContain('10.9.0.0/16');
    expect(vm(s, 'ip rule').output).not.toContain('lookup 100');
    expect(vm(s, 'sysctl net.ipv4.ip_forward').output).toBe('net.ipv4.ip_forward = 0');
    expect(vm(s, 'ip -br link').output).toMatch(/eth1\s+UP/);
    // a public IP survives a reboot
    expect(s.topology.instances[0]!.interfaces[0]!.publicIp).toBe('198.51.100.10');

    // a file is configuration: written after a runtime change, it is what the guest boots with
    const session = startSession({ lab: { title: 't', steps: [] }, network: net(TOPO), warnings: [] });
    const run = (raw: Record<string, unknown>, index: number) => {
      const [step] = parseSteps([raw], 's', []);
      return runStep(session, { ...step!, index });
    };
    expect(run({ run: { on: 'i-r', cmd: 'sysctl -w net.ipv4.ip_forward=1' } }, 1).ok).toBe(true);
    expect(run({ run: { on: 'i-r', cmd: 'ip route add 10.8.0.0/16 via 10.0.2.1' } }, 2).ok).toBe(true);
    expect(run({ write: { on: 'i-r', path: '/etc/sysctl.conf', content: 'net.ipv4.ip_forward = 1\n' } }, 3).ok).toBe(
      true,
    );
    expect(run({ recover: 'i-r' }, 4).ok).toBe(true);
    expect(vm(session.control, 'sysctl net.ipv4.ip_forward').output).toBe('net.ipv4.ip_forward = 1');
    expect(vm(session.control, 'ip route').output).not.toContain('10.8.0.0/16');

    // a stop and start boots from the configuration too
    vm(s, 'ip route add 10.7.0.0/16 via 10.0.2.1');
    expect(runAwsCommand(s, 'aws ec2 stop-instances --instance-ids i-r').ok).toBe(true);
    expect(runAwsCommand(s, 'aws ec2 start-instances --instance-ids i-r').ok).toBe(true);
    expect(vm(s, 'ip route').output).not.toContain('10.7.0.0/16');
  });
});

describe('traceroute and ping read the routers from the trace', () => {
  it('a guest that forwards answers traceroute from the interface the probe came in on, and ping counts it', () => {
    const s = new ControlState(
      net(
        TOPO.replace(
          'routeTables: [',
          'routeTables: [{ id: rtb-b, vpc: vpc-1, subnets: [subnet-b], routes: [{ destination: 198.51.100.0/24, target: eni-r1 }] }, ',
        )
          .replace('os: { listen: [tcp/22] }', 'os: { listen: [tcp/22], ipForward: true }')
          .replace('privateIp: 10.0.2.10, mac', 'privateIp: 10.0.2.10, sourceDestCheck: false, mac')
          .replace('privateIp: 10.0.1.10, publicIp', 'privateIp: 10.0.1.10, sourceDestCheck: false, publicIp'),
      ),
    );
    // i-c reaches i-r's public address through i-r's own eth1: the probe enters there
    const out = vm(s, 'traceroute -n 198.51.100.10', 'i-c').output.split('\n');
    expect(out[1]).toMatch(/^ 1 {2}10\.0\.2\.10 \(10\.0\.2\.10\)/);
  });
});
