import { describe, expect, it } from 'vitest';
import { aws, state } from './aws-fixture';

describe('--output table and yaml, as the AWS CLI prints them', () => {
  it('a table: the call as its title, columns fitted to 80, a one-row section on its side when wider', () => {
    const s = state();
    const q = `aws ec2 describe-instances --instance-ids i-web --query "Reservations[].Instances[].[InstanceId,PrivateIpAddress]" --output table`;
    expect(aws(s, q).output).toBe(
      [
        '------------------------',
        '|   DescribeInstances  |',
        '+--------+-------------+',
        '|  i-web |  10.0.0.10  |',
        '+--------+-------------+',
      ].join('\n'),
    );
    const rt = aws(s, 'aws ec2 describe-route-tables --route-table-ids rtb-pub --output table').output.split('\n');
    expect(rt[1]).toBe('|                          DescribeRouteTables                          |');
    // every line is as wide as the first, and nested sections are framed one bar deeper
    expect(new Set(rt.map((l) => l.length)).size).toBe(1);
    expect(rt).toContain('||| DestinationCidrBlock  | GatewayId  |      Origin        |  State  |||');
    expect(rt).toContain('|||  0.0.0.0/0            |  igw-1     |  CreateRoute       |  active |||');
    const vpcs = aws(s, 'aws ec2 describe-vpcs --output table').output.split('\n');
    expect(vpcs).toContain('||  IsDefault         |  False           ||');
    // nothing to show: the title alone, as the CLI prints an empty answer
    expect(aws(s, 'aws ec2 describe-vpcs --filters Name=vpc-id,Values=vpc-none --output table').output).toBe(
      ['--------------', '|DescribeVpcs|', '+------------+'].join('\n'),
    );
  });

  it('yaml: block style, dashes level with their key, strings that would read as numbers quoted', () => {
    const s = state();
    expect(aws(s, 'aws ec2 describe-vpcs --output yaml').output).toBe(
      [
        'Vpcs:',
        '- CidrBlock: 10.0.0.0/16',
        '  DhcpOptionsId: default',
        '  State: available',
        '  VpcId: vpc-1',
        "  OwnerId: '123456789012'",
        '  InstanceTenancy: default',
        '  CidrBlockAssociationSet:',
        '  - AssociationId: vpc-cidr-assoc-1',
        '    CidrBlock: 10.0.0.0/16',
        '    CidrBlockState:',
        '      State: associated',
        '  IsDefault: false',
      ].join('\n'),
    );
    expect(aws(s, 'aws ec2 describe-vpcs --output yaml-stream')).toMatchObject({ ok: false, code: 'CliUsage' });
    expect(aws(s, 'aws ec2 describe-vpcs --output xml').output).toContain('valid choices are');
  });
});
