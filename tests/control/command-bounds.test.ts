import { describe, expect, it } from 'vitest';
import { ControlState } from '../../engine/control/control-state';
import { boundOutput, COMMAND_BOUNDS } from '../../engine/control/shell/bounds';
import { runShellCommand } from '../../engine/control/shell/run-shell';
import { advanceTime } from '../../engine/control/daemons/clock';
import { parseSteps } from '../../engine/lab/lab-file';
import { daemonCommand } from '../../engine/control/shell/daemon-command';
import { runStep, startSession } from '../../engine/lab/run-lab';
import { VrrpConfigSchema } from '../../engine/model/guest-os';
import { MAX_CAPTURES, MAX_LOG_LINES } from '../../engine/trace/world';
import { net } from '../helpers';

const TOPO = `
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }]
routeTables: [{ id: rtb-a, vpc: vpc-1, subnets: [subnet-a], routes: [] }]
securityGroups: [{ id: sg-open, vpc: vpc-1, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }]
instances:
  - id: i-a
    interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-open] }]
  - id: i-b
    interfaces: [{ id: eni-b, subnet: subnet-a, privateIp: 10.0.1.20, securityGroups: [sg-open] }]
`;

const fresh = () => new ControlState(net(TOPO));
const vm = (cmd: string, s = fresh()) => runShellCommand(s, 'i-a', cmd);

describe('every count a command takes is bounded, refused in the tool’s own words', () => {
  it('ping -c: at most 100 probes, with iputils’ out-of-range message (issue 11: -c 50000 blocked the server)', () => {
    const r = vm('ping -c 50000 10.0.1.20');
    expect(r).toEqual({ output: "ping: invalid argument: '50000': out of range: 1 <= value <= 100", exit: 1 });
    expect(vm('ping -c 0 10.0.1.20').output).toBe("ping: invalid argument: '0': out of range: 1 <= value <= 100");
    expect(vm('ping -c lots 10.0.1.20').output).toBe("ping: invalid argument: 'lots'");
    const hundred = vm('ping -c 100 10.0.1.20');
    expect(hundred.exit).toBe(0);
    expect(hundred.output).toContain('100 packets transmitted, 100 received, 0% packet loss');
  });

  it('arping -c: at most 100 probes (issue 11: -c 30000000 ran the server out of memory)', () => {
    const r = vm('arping -c 30000000 -I eth0 10.0.1.20');
    expect(r).toEqual({ output: "arping: invalid argument: '30000000': out of range: 1 <= value <= 100", exit: 1 });
    expect(vm('arping -c 100 -I eth0 10.0.1.20').output).toContain('Received 100 response(s)');
  });

  it('traceroute -m and -q: traceroute’s own limits (255 hops, 10 probes a hop)', () => {
    expect(vm('traceroute -m 100000 203.0.113.9')).toEqual({ output: 'max hops cannot be more than 255', exit: 2 });
    expect(vm('traceroute -m 0 10.0.1.20')).toEqual({ output: 'first hop out of range', exit: 2 });
    expect(vm('traceroute -q 11 10.0.1.20')).toEqual({ output: 'no more than 10 probes per hop', exit: 2 });
    expect(vm('traceroute -m many 10.0.1.20').output).toBe("Cannot handle `-m' option with arg `many' (argc 1)");
    const q1 = vm('traceroute -q 1 10.0.1.20').output.split('\n');
    expect(q1[1]).toBe(' 1  10.0.1.20 (10.0.1.20)  0.412 ms');
    const unreachable = vm('traceroute -m 255 10.9.9.9').output.split('\n');
    expect(unreachable.length).toBeLessThanOrEqual(256);
  });

  it('tcpdump -c takes a positive count, as tcpdump does', () => {
    expect(vm('tcpdump -ni eth0 -c -5')).toEqual({ output: 'tcpdump: invalid packet count -5', exit: 1 });
    expect(vm('tcpdump -ni eth0 -c x')).toEqual({ output: 'tcpdump: invalid packet count x', exit: 1 });
  });

  it('a command prints at most 1,000 lines into the console, and says what it left out', () => {
    const long = Array.from({ length: 2500 }, (_, i) => `line ${i}`).join('\n');
    const cut = boundOutput(long).split('\n');
    expect(cut).toHaveLength(COMMAND_BOUNDS.outputLines + 1);
    expect(cut.at(-1)).toBe("[1500 more lines not shown: the console keeps 1000 lines or 64 kB of a command's output]");
    const wide = boundOutput('x'.repeat(200_000));
    expect(wide.length).toBeLessThan(COMMAND_BOUNDS.outputChars + 200);
    expect(boundOutput('short\noutput')).toBe('short\noutput');
  });

  it('capture buffers and journals are bounded, whatever the daemons do', () => {
    const s = fresh();
    for (let i = 0; i < MAX_CAPTURES + 500; i++)
      s.world.capture('i-a', {
        time: 0,
        dev: 'eth0',
        direction: 'out',
        srcMac: '',
        dstMac: '',
        src: 1,
        dst: 2,
        protocol: 1,
        srcPort: 1,
        dstPort: 1,
        role: 'request',
      });
    for (let i = 0; i < MAX_LOG_LINES + 500; i++) s.world.log('i-a', 'keepalived', `line ${i}`);
    expect(s.world.captures.get('i-a')).toHaveLength(MAX_CAPTURES);
    const logs = s.world.logs.get('i-a')!;
    expect(logs).toHaveLength(MAX_LOG_LINES);
    expect(logs.at(-1)!.text).toBe(`line ${MAX_LOG_LINES + 499}`);
  });

  it("keepalived's advert_int is 0.01 s at least, so a wait cannot schedule millions of adverts", () => {
    const r = VrrpConfigSchema.safeParse({ group: 1, vip: '10.0.1.254', advertInterval: 0.0001 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("keepalived's shortest advert_int is 0.01 s (VRRPv3 counts centiseconds)");
    expect(VrrpConfigSchema.safeParse({ group: 1, vip: '10.0.1.254', advertInterval: 0.01 }).success).toBe(true);
  });

  it('a lab keeps at most 64 named flows; a new name past that is refused, an old one still works', () => {
    const session = startSession({ lab: { title: 't', steps: [] }, network: net(TOPO), warnings: [] });
    const flowStep = (name: string, index: number) => {
      const [step] = parseSteps(
        [{ expect: { from: 'i-a', to: 'i-b', protocol: 'icmp', result: 'roundtrip', flow: name } }],
        's',
        [],
      );
      return runStep(session, { ...step!, index });
    };
    for (let i = 0; i < 64; i++) expect(flowStep(`f${i}`, i + 1).ok).toBe(true);
    const refused = flowStep('f64', 65);
    expect(refused.ok).toBe(false);
    expect(refused.error).toBe('flow f64: this lab already keeps 64 named flows; reuse one of their names');
    expect(session.flows.size).toBe(64);
    expect(flowStep('f3', 66).ok).toBe(true);
  });

  it('simulated time still advances in the lab command as the lab format says (wait up to a day)', () => {
    const s = fresh();
    advanceTime(s, 86_400, daemonCommand);
    expect(s.world.time).toBe(86_400);
  });
});
