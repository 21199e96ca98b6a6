import { describe, expect, it } from 'vitest';
import { ControlState } from '../../engine/control/control-state';
import { runShellCommand } from '../../engine/control/shell/run-shell';
import { dropCode, flow, net } from '../helpers';

const TOPO = `
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }
  - { id: subnet-b, vpc: vpc-1, cidr: 10.0.2.0/24 }
internetGateways: [{ id: igw-1, vpc: vpc-1 }]
routeTables: [{ id: rtb-a, vpc: vpc-1, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: igw-1 }] }]
securityGroups: [{ id: sg-open, vpc: vpc-1, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }]
instances:
  - id: i-a
    interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, secondaryIps: [10.0.1.100], publicIp: 198.51.100.10, mac: "0a:00:00:00:01:10", securityGroups: [sg-open] }]
  - id: i-b
    interfaces: [{ id: eni-b, subnet: subnet-a, privateIp: 10.0.1.20, publicIp: 198.51.100.20, mac: "0a:00:00:00:01:20", securityGroups: [sg-open] }]
    os: { listen: [tcp/443] }
  - id: i-c
    interfaces: [{ id: eni-c, subnet: subnet-b, privateIp: 10.0.2.30, mac: "0a:00:00:00:02:30", securityGroups: [sg-open] }]
externalHosts: [{ id: web, ip: 203.0.113.80, listen: [tcp/443] }]
`;

function vm(s: ControlState, on: string, cmd: string) {
  return runShellCommand(s, on, cmd);
}

const fresh = () => new ControlState(net(TOPO));

describe('ip: what the guest itself has configured (A3)', () => {
  it('shows only private addresses, never the public one (R19)', () => {
    const out = vm(fresh(), 'i-a', 'ip -4 addr show dev eth0').output;
    expect(out).toBe(
      [
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP group default qlen 1000',
        '    link/ether 0a:00:00:00:01:10 brd ff:ff:ff:ff:ff:ff',
        '    inet 10.0.1.10/24 brd 10.0.1.255 scope global dynamic eth0',
        '       valid_lft 3540sec preferred_lft 3540sec',
        '    inet 10.0.1.100/24 brd 10.0.1.255 scope global secondary eth0',
        '       valid_lft forever preferred_lft forever',
      ].join('\n'),
    );
    const all = vm(fresh(), 'i-a', 'ip addr').output;
    expect(all).toContain('1: lo: <LOOPBACK,UP,LOWER_UP>');
    expect(all).toContain('inet6 fe80::800:ff:fe00:110/64 scope link');
    expect(all).not.toContain('198.51.100');
  });

  it("lists, adds and deletes routes with iproute2's messages", () => {
    const s = fresh();
    expect(vm(s, 'i-a', 'ip route').output).toBe(
      'default via 10.0.1.1 dev eth0 proto dhcp src 10.0.1.10 metric 100\n10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.10 metric 100',
    );
    expect(vm(s, 'i-a', 'ip route add 192.168.50.0/24 via 10.0.1.20').exit).toBe(0);
    expect(vm(s, 'i-a', 'ip route add 192.168.50.0/24 via 10.0.1.20')).toEqual({
      output: 'RTNETLINK answers: File exists',
      exit: 2,
    });
    expect(vm(s, 'i-a', 'ip route add 10.9.0.0/16 via 10.0.2.5')).toEqual({
      output: 'Error: Nexthop has invalid gateway.',
      exit: 2,
    });
    expect(vm(s, 'i-a', 'ip route add 10.9.0.0/16 via 10.0.2.5 onlink').exit).toBe(0);
    expect(vm(s, 'i-a', 'ip route').output).toContain('192.168.50.0/24 via 10.0.1.20 dev eth0');
    expect(vm(s, 'i-a', 'ip route get 10.0.2.30').output).toBe(
      '10.0.2.30 via 10.0.1.1 dev eth0 src 10.0.1.10 uid 0 \n    cache ',
    );
    expect(vm(s, 'i-a', 'ip route del 172.16.0.0/12')).toEqual({
      output: 'RTNETLINK answers: No such process',
      exit: 2,
    });
    expect(vm(s, 'i-a', 'ip route del default').exit).toBe(0);
    expect(vm(s, 'i-a', 'ping -c 1 203.0.113.80')).toEqual({
      output: 'ping: connect: Network is unreachable',
      exit: 2,
    });
    expect(vm(s, 'i-a', 'ip rout show').output).not.toContain('default');
  });

  it('adds an address only the guest knows: AWS never resolves it (R23)', () => {
    const s = fresh();
    expect(vm(s, 'i-b', 'ip addr add 10.0.1.254/24 dev eth0').exit).toBe(0);
    expect(vm(s, 'i-b', 'ip -4 addr show dev eth0').output).toContain('inet 10.0.1.254/24 scope global secondary eth0');
    expect(vm(s, 'i-a', 'ping -c 2 10.0.1.254').output).toContain(
      'From 10.0.1.10 icmp_seq=1 Destination Host Unreachable',
    );
    expect(vm(s, 'i-a', 'ip neigh show 10.0.1.254').output).toBe('10.0.1.254 dev eth0 FAILED');
    expect(vm(s, 'i-b', 'ip addr add 10.0.1.254/24 dev eth9')).toEqual({
      output: 'Cannot find device "eth9"',
      exit: 1,
    });
  });

  it('records what ARP resolved, by MAC (R22, R23)', () => {
    const s = fresh();
    vm(s, 'i-a', 'ping -c 1 10.0.1.20');
    vm(s, 'i-a', 'ping -c 1 198.51.100.20');
    expect(vm(s, 'i-a', 'ip neigh').output).toBe(
      '10.0.1.1 dev eth0 lladdr 0e:fe:0a:00:01:01 REACHABLE\n10.0.1.20 dev eth0 lladdr 0a:00:00:00:01:20 REACHABLE',
    );
  });

  it('lets the guest change its MAC, which cuts it off both ways (R21)', () => {
    const s = fresh();
    expect(vm(s, 'i-b', 'ip link set dev eth0 address 0a:00:00:00:01:10').exit).toBe(0);
    expect(vm(s, 'i-b', 'ip link').output).toContain('link/ether 0a:00:00:00:01:10');
    expect(dropCode(flow(s.network, { from: 'i-b', to: 'i-c' }))).toBe('ENGINE_BAD_SOURCE_MAC');
    expect(dropCode(flow(s.network, { from: 'i-a', to: 'i-b' }))).toBe('ENGINE_GUEST_MAC_MISMATCH');
    vm(s, 'i-b', 'ip link set dev eth0 address 0a:00:00:00:01:20');
    expect(flow(s.network, { from: 'i-a', to: 'i-b' }).result).toBe('roundtrip');
  });

  it('answers mistakes like iproute2', () => {
    expect(vm(fresh(), 'i-a', 'ip foo')).toEqual({ output: 'Object "foo" is unknown, try "ip help".', exit: 255 });
    expect(vm(fresh(), 'i-a', 'ip addr show dev eth3')).toEqual({ output: 'Device "eth3" does not exist.', exit: 1 });
  });
});

describe('traffic from inside the VM', () => {
  it("ping prints iputils' lines, with the hairpin reply coming from the public address (R57)", () => {
    const r = vm(fresh(), 'i-a', 'ping -c 2 198.51.100.20');
    expect(r.exit).toBe(0);
    expect(r.output).toMatch(
      /^PING 198\.51\.100\.20 \(198\.51\.100\.20\) 56\(84\) bytes of data\.\n64 bytes from 198\.51\.100\.20: icmp_seq=1 ttl=64 time=\d\.\d{3} ms\n/,
    );
    expect(r.output).toContain('2 packets transmitted, 2 received, 0% packet loss, time 1001ms');
    const lost = vm(fresh(), 'i-c', 'ping -c 3 203.0.113.80');
    expect(lost.exit).toBe(1);
    expect(lost.output).toContain('3 packets transmitted, 0 received, 100% packet loss');
  });

  it('nc reports succeeded, refused and timed out as OpenBSD netcat does', () => {
    const s = fresh();
    expect(vm(s, 'i-a', 'nc -zv -w 3 203.0.113.80 443')).toEqual({
      output: 'Connection to 203.0.113.80 443 port [tcp/https] succeeded!',
      exit: 0,
    });
    expect(vm(s, 'i-a', 'nc -zv 10.0.1.20 22')).toEqual({
      output: 'nc: connect to 10.0.1.20 port 22 (tcp) failed: Connection refused',
      exit: 1,
    });
    expect(vm(s, 'i-c', 'nc -zv -w 3 203.0.113.80 443')).toEqual({
      output: 'nc: connect to 203.0.113.80 port 443 (tcp) timed out: Operation now in progress',
      exit: 1,
    });
  });

  it('curl reads instance metadata, which knows the public address the guest cannot see (R19)', () => {
    const s = fresh();
    expect(vm(s, 'i-a', 'curl -s http://169.254.169.254/latest/meta-data/public-ipv4').output).toBe('198.51.100.10');
    expect(vm(s, 'i-a', 'curl -s http://169.254.169.254/latest/meta-data/local-ipv4').output).toBe('10.0.1.10');
    expect(vm(s, 'i-a', 'curl -s http://169.254.169.254/latest/meta-data/mac').output).toBe('0a:00:00:00:01:10');
    expect(
      vm(
        s,
        'i-a',
        'curl -s http://169.254.169.254/latest/meta-data/network/interfaces/macs/0a:00:00:00:01:10/public-ipv4s',
      ).output,
    ).toBe('198.51.100.10');
    expect(
      vm(s, 'i-c', "curl -s -o /dev/null -w '%{http_code}\\n' http://169.254.169.254/latest/meta-data/public-ipv4")
        .output,
    ).toBe('404\n');
    expect(vm(s, 'i-c', 'curl -s http://169.254.169.254/latest/meta-data/public-ipv4').output).toContain(
      '<title>404 - Not Found</title>',
    );
    const token = vm(
      s,
      'i-a',
      'curl -s -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600"',
    ).output;
    expect(
      vm(
        s,
        'i-a',
        `curl -s -H "X-aws-ec2-metadata-token: ${token}" http://169.254.169.254/latest/meta-data/instance-id`,
      ).output,
    ).toBe('i-a');
    expect(vm(s, 'i-a', 'curl -s https://203.0.113.80/').exit).toBe(0);
    expect(vm(s, 'i-a', 'curl -s http://203.0.113.80/').output).toContain(
      'curl: (7) Failed to connect to 203.0.113.80 port 80',
    );
    expect(vm(s, 'i-a', 'curl http://mirror/').output).toBe('curl: (6) Could not resolve host: mirror');
  });

  it('arping gets answers from AWS for assigned addresses only; gratuitous ARP reaches nobody (R23, R116)', () => {
    const s = fresh();
    expect(vm(s, 'i-a', 'arping -c 2 -I eth0 10.0.1.20').output).toBe(
      'ARPING 10.0.1.20 from 10.0.1.10 eth0\nUnicast reply from 10.0.1.20 [0A:00:00:00:01:20]  0.502ms\nUnicast reply from 10.0.1.20 [0A:00:00:00:01:20]  0.512ms\nSent 2 probes (1 broadcast(s))\nReceived 2 response(s)',
    );
    expect(vm(s, 'i-a', 'arping -c 3 -I eth0 10.0.1.99')).toMatchObject({
      exit: 1,
      output: expect.stringContaining('Received 0 response(s)'),
    });
    expect(vm(s, 'i-b', 'arping -U -c 3 -I eth0 10.0.1.20').output).toBe(
      'ARPING 10.0.1.20 from 10.0.1.20 eth0\nSent 3 probes (3 broadcast(s))\nReceived 0 response(s)',
    );
    expect(vm(s, 'i-a', 'tcpdump -ni eth0 arp').output).toContain('0 packets captured');
    expect(vm(s, 'i-b', 'tcpdump -ni eth0 arp').output).toContain(
      'ARP, Request who-has 10.0.1.20 (Broadcast) tell 10.0.1.20, length 28',
    );
  });

  it('tcpdump shows what this VM saw in the last experiment, with -e the MACs (R22, R123)', () => {
    const s = fresh();
    vm(s, 'i-a', 'ping -c 1 198.51.100.20');
    const b = vm(s, 'i-b', 'tcpdump -ni eth0 icmp').output.split('\n');
    expect(b[2]).toMatch(
      /^00:00:00\.\d{6} IP 198\.51\.100\.10 > 10\.0\.1\.20: ICMP echo request, id 1, seq 1, length 64$/,
    );
    expect(b[3]).toMatch(/IP 10\.0\.1\.20 > 198\.51\.100\.10: ICMP echo reply/);
    expect(vm(s, 'i-a', 'tcpdump -eni eth0 icmp').output).toContain(
      '0a:00:00:00:01:10 > 0e:fe:0a:00:01:01, ethertype IPv4 (0x0800), length 98: IP 10.0.1.10 > 198.51.100.20: ICMP echo request',
    );
    expect(vm(s, 'i-c', 'tcpdump -ni eth0').output).toContain('0 packets captured');
    vm(s, 'i-a', 'nc -z 203.0.113.80 443');
    expect(vm(s, 'i-a', 'tcpdump -ni eth0 tcp port 443').output).toContain(
      'IP 203.0.113.80.443 > 10.0.1.10.49152: Flags [S.]',
    );
    expect(vm(s, 'i-b', 'tcpdump -ni eth0').output).toContain('0 packets captured');
  });

  it("traceroute shows forwarding guests, not AWS's routers", () => {
    const out = vm(fresh(), 'i-a', 'traceroute 10.0.2.30').output;
    expect(out.split('\n')).toEqual([
      'traceroute to 10.0.2.30 (10.0.2.30), 30 hops max, 60 byte packets',
      ' 1  10.0.2.30 (10.0.2.30)  0.412 ms  0.398 ms  0.387 ms',
    ]);
  });
});

describe('what probes say about their ports (issue 14: never accepted and ignored)', () => {
  it('nc -p sends from that port and -s from that address; an address the guest does not hold is refused', () => {
    const s = fresh();
    expect(vm(s, 'i-a', 'nc -zv -p 5555 203.0.113.80 443').output).toContain('succeeded');
    expect(vm(s, 'i-a', 'tcpdump -ni eth0 tcp port 443').output).toContain(
      'IP 10.0.1.10.5555 > 203.0.113.80.443: Flags [S]',
    );
    // from the secondary address, to a neighbour (to the internet it would need its own public address, R53)
    expect(vm(s, 'i-a', 'nc -zv -s 10.0.1.100 10.0.1.20 443').output).toContain('succeeded');
    expect(vm(s, 'i-b', 'tcpdump -ni eth0 tcp port 443').output).toContain('IP 10.0.1.100.49152 > 10.0.1.20.443');
    expect(vm(s, 'i-a', 'nc -zv -s 10.0.1.100 203.0.113.80 443').output).toContain('timed out');
    expect(vm(s, 'i-a', 'nc -zv -s 10.0.1.20 203.0.113.80 443')).toEqual({
      output: 'nc: Cannot assign requested address',
      exit: 1,
    });
    expect(vm(s, 'i-a', 'nc -zv -p 70000 203.0.113.80 443')).toEqual({
      output: 'nc: port number invalid: 70000',
      exit: 1,
    });
    expect(vm(s, 'i-a', 'nc -zv -X 5 203.0.113.80 443').output).toContain("this console's netcat takes");
  });

  it('traceroute -T -p probes with TCP SYNs to that port, -I with ICMP, -U with UDP to 53', () => {
    const s = fresh();
    vm(s, 'i-a', 'traceroute -T -p 443 10.0.1.20');
    expect(vm(s, 'i-b', 'tcpdump -ni eth0 tcp').output).toMatch(
      /IP 10\.0\.1\.10\.\d+ > 10\.0\.1\.20\.443: Flags \[S\]/,
    );
    vm(s, 'i-a', 'traceroute -I 10.0.1.20');
    expect(vm(s, 'i-b', 'tcpdump -ni eth0 icmp').output).toContain('ICMP echo request');
    vm(s, 'i-a', 'traceroute -U 10.0.1.20');
    expect(vm(s, 'i-b', 'tcpdump -ni eth0 udp').output).toMatch(/> 10\.0\.1\.20\.53: UDP/);
    expect(vm(s, 'i-a', 'traceroute -T -p x 10.0.1.20')).toMatchObject({ exit: 2 });
    expect(vm(s, 'i-a', 'traceroute -Z 10.0.1.20')).toEqual({ output: "Bad option `-Z' (argc 1)", exit: 2 });
  });
});

describe('guest settings and errors', () => {
  it('sysctl switches forwarding, iptables source NAT (A3)', () => {
    const s = fresh();
    expect(vm(s, 'i-b', 'sysctl net.ipv4.ip_forward').output).toBe('net.ipv4.ip_forward = 0');
    expect(vm(s, 'i-b', 'sudo sysctl -w net.ipv4.ip_forward=1').output).toBe('net.ipv4.ip_forward = 1');
    expect(s.network.instances.get('i-b')!.os.ipForward).toBe(true);
    expect(vm(s, 'i-b', 'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE').exit).toBe(0);
    expect(vm(s, 'i-b', 'iptables -t nat -S').output).toContain('-A POSTROUTING -o eth0 -j MASQUERADE');
    // the files keep what a boot applies: run-time changes are not written anywhere (level 15's E7)
    expect(vm(s, 'i-b', 'cat /etc/sysctl.conf').output).toContain('net.ipv4.ip_forward = 0');
    expect(vm(s, 'i-b', 'cat /etc/iptables/rules.v4').output).not.toContain('MASQUERADE');
    expect(vm(s, 'i-b', 'sysctl -w net.ipv4.bogus=1').output).toBe(
      'sysctl: cannot stat /proc/sys/net/ipv4/bogus: No such file or directory',
    );
  });

  it('answers unknown commands like bash, and nothing at all from a hung instance', () => {
    const s = fresh();
    expect(vm(s, 'i-a', 'ifconfig -a')).toEqual({ output: 'bash: ifconfig: command not found', exit: 127 });
    s.world.failed.add('i-a');
    expect(vm(s, 'i-a', 'ip addr').exit).toBe(255);
  });

  it('runs the AWS CLI from inside a VM, through the same API model', () => {
    const s = fresh();
    expect(vm(s, 'i-a', 'aws ec2 delete-route --route-table-id rtb-a --destination-cidr-block 0.0.0.0/0').exit).toBe(0);
    expect(dropCode(flow(s.network, { from: 'i-a', to: 'web', protocol: 'tcp', port: 443 }))).toBe(
      'NO_ROUTE_TO_DESTINATION',
    );
    expect(vm(s, 'i-a', 'aws ec2 delete-route --route-table-id rtb-a --destination-cidr-block 0.0.0.0/0').exit).toBe(
      254,
    );
  });
});
