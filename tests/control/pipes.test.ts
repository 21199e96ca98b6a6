import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ControlState } from '../../engine/control/control-state';
import { commandFailed, runShellCommand } from '../../engine/control/shell/run-shell';
import { splitPipeline } from '../../engine/control/shell/pipeline';
import { runFilter } from '../../engine/control/shell/text-filters';
import { awsAllowed, shellAllowed } from '../../engine/grade/permissions';
import { startAttempt } from '../../engine/grade/evaluate';
import { runStep } from '../../engine/lab/run-lab';
import { parseSteps } from '../../engine/lab/lab-file';
import { loadLevels } from '../../app/_server/levels/level-files';
import { net } from '../helpers';

const TOPO = `
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }]
internetGateways: [{ id: igw-1, vpc: vpc-1 }]
routeTables: [{ id: rtb-a, vpc: vpc-1, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: igw-1 }] }]
securityGroups: [{ id: sg-open, vpc: vpc-1, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }]
instances:
  - id: i-a
    interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, secondaryIps: [10.0.1.100], mac: "0a:00:00:00:01:10", securityGroups: [sg-open] }]
`;
const vm = (cmd: string) => runShellCommand(new ControlState(net(TOPO)), 'i-a', cmd);

describe('pipes into text filters, as a shell runs them (issue 14)', () => {
  it('splits at unquoted pipes and refuses lists, redirections and substitutions with what to do instead', () => {
    expect(splitPipeline(`ip route | grep 'a|b' | head -n 1`)).toEqual(['ip route', "grep 'a|b'", 'head -n 1']);
    expect(splitPipeline('ip route || true')).toMatchObject({
      error: expect.stringContaining('one command at a time'),
    });
    expect(splitPipeline('ip route; ip addr')).toMatchObject({
      error: expect.stringContaining('one command at a time'),
    });
    expect(splitPipeline('ip route > /tmp/x')).toMatchObject({ error: expect.stringContaining('redirections') });
    expect(splitPipeline('echo $(hostname)')).toMatchObject({ error: expect.stringContaining('substitution') });
    expect(splitPipeline('ip route |')).toMatchObject({ error: "syntax error near unexpected token `|'" });
  });

  it('grep, head, tail, wc, sort and uniq answer as GNU tools do, with their statuses', () => {
    const text = 'alpha\nBeta\ngamma\nbeta\nbeta\n';
    expect(runFilter('grep', ['grep', 'beta'], text)).toEqual({ output: 'beta\nbeta', exit: 0 });
    expect(runFilter('grep', ['grep', '-i', 'beta'], text).output).toBe('Beta\nbeta\nbeta');
    expect(runFilter('grep', ['grep', '-vc', 'beta'], text)).toEqual({ output: '3', exit: 0 });
    expect(runFilter('grep', ['grep', '-n', 'gam'], text).output).toBe('3:gamma');
    expect(runFilter('grep', ['grep', 'zeta'], text)).toEqual({ output: '', exit: 1 });
    expect(runFilter('grep', ['grep', '-E', 'alpha|gamma'], text).output).toBe('alpha\ngamma');
    expect(runFilter('grep', ['grep', 'alpha\\|gamma'], text).output).toBe('alpha\ngamma');
    expect(runFilter('grep', ['grep', 'a|b'], 'a|b\nab').output).toBe('a|b');
    expect(runFilter('grep', ['grep', '-F', 'a.'], 'a.\nab').output).toBe('a.');
    expect(runFilter('grep', ['grep', '-q'], text).exit).toBe(2);
    expect(runFilter('head', ['head', '-n', '2'], text).output).toBe('alpha\nBeta');
    expect(runFilter('head', ['head', '-2'], text).output).toBe('alpha\nBeta');
    expect(runFilter('tail', ['tail', '-n1'], text).output).toBe('beta');
    expect(runFilter('head', ['head', '-n', 'x'], text)).toMatchObject({
      exit: 1,
      output: 'head: invalid number of lines: ‘x’',
    });
    expect(runFilter('wc', ['wc', '-l'], text).output).toBe('5');
    expect(runFilter('wc', ['wc', '-l'], '').output).toBe('0');
    expect(runFilter('sort', ['sort', '-u'], text).output).toBe('Beta\nalpha\nbeta\ngamma');
    expect(runFilter('uniq', ['uniq', '-c'], 'x\nx\ny').output).toBe('      2 x\n      1 y');
  });

  it('a VM shell pipes a command into filters; a failed command shows its own error; other programs are refused', () => {
    expect(vm('ip -4 addr show dev eth0 | grep inet').output).toBe(
      [
        '    inet 10.0.1.10/24 brd 10.0.1.255 scope global dynamic eth0',
        '    inet 10.0.1.100/24 brd 10.0.1.255 scope global secondary eth0',
      ].join('\n'),
    );
    expect(vm('ip -4 addr show dev eth0 | grep inet | wc -l').output).toBe('2');
    expect(vm('sudo ip route | head -n 1').output).toBe(
      'default via 10.0.1.1 dev eth0 proto dhcp src 10.0.1.10 metric 100',
    );
    const none = vm('ip route | grep 192.168');
    expect(none).toEqual({ output: '', exit: 1 });
    expect(commandFailed('ip route | grep 192.168', none)).toBe(false);
    expect(vm('ip nope | grep x')).toMatchObject({ exit: 255, output: 'Object "nope" is unknown, try "ip help".' });
    expect(vm("ip route | awk '{print $1}'")).toMatchObject({ exit: 127 });
    expect(vm('ip route | awk x').output).toBe(
      'bash: awk: this console pipes only into grep, egrep, fgrep, head, tail, wc, sort, uniq',
    );
  });

  it('ip takes iproute2’s abbreviations and its brief format', () => {
    expect(vm('ip a').output).toBe(vm('ip addr show').output);
    expect(vm('ip r').output).toBe(vm('ip route show').output);
    expect(vm('ip -br -4 a').output).toBe(
      [
        'lo               UNKNOWN        127.0.0.1/8',
        'eth0             UP             10.0.1.10/24 10.0.1.100/24',
      ].join('\n'),
    );
    expect(vm('ip -br link').output.split('\n')[1]).toBe(
      'eth0             UP             0a:00:00:00:01:10 <BROADCAST,MULTICAST,UP,LOWER_UP>',
    );
  });

  it('a level that allows a command allows it abbreviated and piped into filters, and nothing else after a pipe', () => {
    const { levels } = loadLevels(path.resolve(import.meta.dirname, '../../challenges'));
    const one = levels.find((l) => l.challenge.id === '01-where-is-my-public-ip')!.challenge.allowed;
    expect(shellAllowed(one, 'i-a', 'ip addr').ok).toBe(true);
    expect(shellAllowed(one, 'i-a', 'ip a').ok).toBe(true);
    expect(shellAllowed(one, 'i-a', 'ip -br a | grep eth0').ok).toBe(true);
    expect(shellAllowed(one, 'i-a', 'ip a | sh')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('pipes only into'),
    });
    expect(awsAllowed(one, 'aws ec2 describe-route-tables --route-table-ids rtb-pub | grep igw').ok).toBe(true);
  });

  it('an aws step pipes the CLI’s output into filters too', () => {
    const { levels } = loadLevels(path.resolve(import.meta.dirname, '../../challenges'));
    const level = levels.find((l) => l.challenge.id === '01-where-is-my-public-ip')!;
    const start = startAttempt(level.challenge);
    if (!start.ok) throw new Error('level 1 does not start');
    const [step] = parseSteps([{ aws: 'aws ec2 describe-route-tables | grep GatewayId' }], 'steps', []);
    const r = runStep(start.session, step!);
    expect(r.ok).toBe(true);
    expect(r.output).toContain('"GatewayId": "igw-1"');
    expect(r.output!.split('\n').every((l) => l.includes('GatewayId'))).toBe(true);
  });
});

describe('the guest’s own files and sockets (issue 14)', () => {
  const LISTEN = TOPO.replace(
    'securityGroups: [sg-open] }]',
    'securityGroups: [sg-open] }]\n    os: { listen: [tcp/443, udp/53] }',
  );
  const vm2 = (cmd: string) => runShellCommand(new ControlState(net(LISTEN)), 'i-a', cmd);

  it('cat /etc/hostname and /etc/hosts; hostname agrees; the files are not writable', () => {
    expect(vm2('cat /etc/hostname')).toEqual({ output: 'ip-10-0-1-10', exit: 0 });
    expect(vm2('hostname').output).toBe('ip-10-0-1-10');
    expect(vm2('cat /etc/hosts').output).toContain('127.0.0.1   localhost');
    expect(vm2('ls /etc').output).toContain('hostname');
  });

  it('ss lists the guest’s listeners in iproute2’s columns', () => {
    const out = vm2('ss -tlnp').output.split('\n');
    expect(out[0]).toMatch(/^Netid\s+State\s+Recv-Q Send-Q\s+Local Address:Port\s+Peer Address:Port$/);
    expect(out.slice(1)).toEqual([expect.stringMatching(/^tcp\s+LISTEN\s+0\s+4096\s+0\.0\.0\.0:443\s+0\.0\.0\.0:\*$/)]);
    expect(vm2('ss -ulnp').output).toMatch(/udp\s+UNCONN\s+0\s+0\s+0\.0\.0\.0:53/);
    expect(vm2('ss -x')).toMatchObject({ exit: 1, output: "ss: invalid option -- 'x'" });
    expect(vm2('ss -tln | grep -c LISTEN').output).toBe('1');
  });
});

describe('a run step that expects a command to fail (issue 14, levels 8 and 14)', () => {
  const { levels } = loadLevels(path.resolve(import.meta.dirname, '../../challenges'));
  const level = levels.find((l) => l.challenge.id === '01-where-is-my-public-ip')!;
  const run = (raw: Record<string, unknown>) => {
    const start = startAttempt(level.challenge);
    if (!start.ok) throw new Error('level 1 does not start');
    const problems: { path: string; message: string }[] = [];
    const [step] = parseSteps([raw], 'steps', problems);
    expect(problems).toEqual([]);
    return runStep(start.session, step!);
  };

  it('passes on the status it names, fails on another, and a failing command without it still fails', () => {
    const cmd = { on: 'i-a', cmd: 'ip route replace 10.0.2.0/24 via 10.0.3.10' };
    expect(run({ run: cmd, expectExit: 2 })).toMatchObject({ ok: true, counted: true });
    expect(run({ run: cmd, expectExit: 'nonzero' }).ok).toBe(true);
    const wrong = run({ run: cmd, expectExit: 0 });
    expect(wrong).toMatchObject({ ok: false, mismatches: ['expected exit status 0, got 2'] });
    expect(run({ run: cmd }).ok).toBe(false);
    expect(run({ run: { on: 'i-a', cmd: 'ip route' }, expectExit: 'nonzero' }).ok).toBe(false);
    const problems: { path: string; message: string }[] = [];
    parseSteps([{ run: cmd, expectExit: 'sometimes' }], 'steps', problems);
    expect(problems[0]?.path).toMatch(/^steps\[0\]\.expectExit/);
  });
});
