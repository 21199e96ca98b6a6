import { describe, expect, it } from 'vitest';
import { ControlState } from '../../engine/control/control-state';
import { runShellCommand } from '../../engine/control/shell/run-shell';
import { runAwsCommand } from '../../engine/control/aws/run-aws';
import { net } from '../helpers';

const topo = (region: string) => `
region: ${region}
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }, { id: vpc-2, cidr: 10.9.0.0/16 }]
subnets:
  - { id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }
  - { id: subnet-z, vpc: vpc-2, cidr: 10.9.1.0/24 }
instances:
  - id: i-a
    interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10 }]
  - id: i-b
    interfaces: [{ id: eni-b, subnet: subnet-a, privateIp: 10.0.1.20, publicIp: 198.51.100.20 }]
  - id: i-z
    interfaces: [{ id: eni-z, subnet: subnet-z, privateIp: 10.9.1.5 }]
`;

describe('the Amazon-provided resolver, as dig, host and nslookup ask it (R10, issue 14)', () => {
  const s = new ControlState(net(topo('us-east-1')));
  const vm = (cmd: string) => runShellCommand(s, 'i-a', cmd);

  it('answers the private DNS names of the VPC’s addresses, forward and reverse', () => {
    expect(vm('host ip-10-0-1-20.ec2.internal')).toEqual({
      output: 'ip-10-0-1-20.ec2.internal has address 10.0.1.20',
      exit: 0,
    });
    expect(vm('host 10.0.1.20').output).toBe('20.1.0.10.in-addr.arpa domain name pointer ip-10-0-1-20.ec2.internal.');
    expect(vm('dig +short ip-10-0-1-20.ec2.internal').output).toBe('10.0.1.20');
    expect(vm('dig +short -x 10.0.1.20').output).toBe('ip-10-0-1-20.ec2.internal.');
    const full = vm('dig ip-10-0-1-20.ec2.internal').output;
    expect(full).toContain('status: NOERROR');
    expect(full).toContain('ip-10-0-1-20.ec2.internal.\t60\tIN\tA\t10.0.1.20');
    expect(full).toContain(';; SERVER: 10.0.0.2#53(10.0.0.2) (UDP)');
    expect(vm('nslookup ip-10-0-1-20.ec2.internal').output).toBe(
      [
        'Server:\t\t10.0.0.2',
        'Address:\t10.0.0.2#53',
        '',
        'Non-authoritative answer:',
        'Name:\tip-10-0-1-20.ec2.internal',
        'Address: 10.0.1.20',
      ].join('\n'),
    );
  });

  it('knows no other VPC’s names, no unassigned address and no internet name', () => {
    expect(vm('host ip-10-9-1-5.ec2.internal')).toEqual({
      output: 'Host ip-10-9-1-5.ec2.internal not found: 3(NXDOMAIN)',
      exit: 1,
    });
    expect(vm('host ip-10-0-1-99.ec2.internal').exit).toBe(1);
    expect(vm('dig www.example.com').output).toContain('status: NXDOMAIN');
    expect(vm('nslookup www.example.com')).toMatchObject({
      exit: 1,
      output: expect.stringContaining("** server can't find www.example.com: NXDOMAIN"),
    });
  });

  it('outside us-east-1 the names end in <region>.compute.internal', () => {
    const eu = new ControlState(net(topo('eu-west-1')));
    expect(runShellCommand(eu, 'i-a', 'host 10.0.1.20').output).toBe(
      '20.1.0.10.in-addr.arpa domain name pointer ip-10-0-1-20.eu-west-1.compute.internal.',
    );
    expect(runShellCommand(eu, 'i-a', 'dig +short ip-10-0-1-20.ec2.internal').output).toBe('');
  });
});

describe('public DNS names and the VPC DNS attributes (modify-vpc-attribute)', () => {
  it('a public name exists once DNS hostnames are on: the private address inside the VPC, the public one outside', () => {
    const s = new ControlState(net(topo('us-east-1')));
    const name = 'ec2-198-51-100-20.compute-1.amazonaws.com';
    expect(runShellCommand(s, 'i-a', `host ${name}`).output).toBe(`Host ${name} not found: 3(NXDOMAIN)`);
    const instance = () =>
      (
        JSON.parse(runAwsCommand(s, 'aws ec2 describe-instances --instance-ids i-b').output) as {
          Reservations: { Instances: Record<string, unknown>[] }[];
        }
      ).Reservations[0]!.Instances[0]!;
    expect(instance()).toMatchObject({ PrivateDnsName: 'ip-10-0-1-20.ec2.internal', PublicDnsName: '' });
    expect(
      runAwsCommand(s, 'aws ec2 modify-vpc-attribute --vpc-id vpc-1 --enable-dns-hostnames \'{"Value":true}\'').ok,
    ).toBe(true);
    expect(
      JSON.parse(
        runAwsCommand(s, 'aws ec2 describe-vpc-attribute --vpc-id vpc-1 --attribute enableDnsHostnames').output,
      ),
    ).toEqual({
      VpcId: 'vpc-1',
      EnableDnsHostnames: { Value: true },
    });
    expect(instance()).toMatchObject({ PublicDnsName: name });
    expect(runShellCommand(s, 'i-a', `dig +short ${name}`).output).toBe('10.0.1.20');
    expect(runShellCommand(s, 'i-z', `dig +short ${name}`).output).toBe('198.51.100.20');
    expect(runShellCommand(s, 'i-z', 'dig +short -x 198.51.100.20').output).toBe(`${name}.`);
    // elsewhere, the region is in the name
    const eu = new ControlState(net(topo('eu-west-1')));
    runAwsCommand(eu, 'aws ec2 modify-vpc-attribute --vpc-id vpc-1 --enable-dns-hostnames');
    expect(runShellCommand(eu, 'i-z', 'host ec2-198-51-100-20.eu-west-1.compute.amazonaws.com').output).toBe(
      'ec2-198-51-100-20.eu-west-1.compute.amazonaws.com has address 198.51.100.20',
    );
  });

  it('with DNS support off, the resolver does not answer; one attribute per call', () => {
    const s = new ControlState(net(topo('us-east-1')));
    expect(runAwsCommand(s, 'aws ec2 modify-vpc-attribute --vpc-id vpc-1 --no-enable-dns-support').ok).toBe(true);
    expect(runShellCommand(s, 'i-a', 'host ip-10-0-1-20.ec2.internal')).toEqual({
      output: ';; connection timed out; no servers could be reached',
      exit: 1,
    });
    expect(runShellCommand(s, 'i-a', 'dig +short ip-10-0-1-20.ec2.internal').exit).toBe(9);
    expect(runShellCommand(s, 'i-z', 'dig +short ip-10-9-1-5.ec2.internal').output).toBe('10.9.1.5');
    expect(
      runAwsCommand(s, 'aws ec2 modify-vpc-attribute --vpc-id vpc-1 --enable-dns-support --enable-dns-hostnames').code,
    ).toBe('InvalidParameterCombination');
  });
});
