/**
 * `aws ec2 wait <condition>`: the CLI's waiters (botocore's ec2 waiters: the describe call, the
 * delay between polls, the number of polls, the states that succeed or fail). Simulated time
 * passes by the delay between polls, so a NAT gateway's `pending` ends; the bound is the
 * waiter's own (at most 40 polls, 600 s).
 */
export interface Waiter {
  api: string;
  describe: string;
  /** the values the waiter reads, from the describe's answer */
  states: (answer: Record<string, unknown>) => string[];
  path: string;
  success: string;
  failure?: string[];
  /** an error code that means "not there yet": poll again */
  retryOn?: string;
  /** success when the describe finds anything at all */
  exists?: boolean;
  delay: number;
  maxAttempts: number;
}

const instances = (a: Record<string, unknown>) =>
  ((a.Reservations as { Instances: { State: { Name: string } }[] }[] | undefined) ?? []).flatMap((r) =>
    r.Instances.map((i) => i.State.Name),
  );
const list = (key: string, field: string) => (a: Record<string, unknown>) =>
  ((a[key] as Record<string, string>[] | undefined) ?? []).map((x) => x[field]!);

const INSTANCE = {
  api: 'Instance',
  describe: 'describe-instances',
  states: instances,
  path: 'Reservations[].Instances[].State.Name',
  delay: 15,
  maxAttempts: 40,
};

export const WAITERS: Record<string, Waiter> = {
  'instance-running': {
    ...INSTANCE,
    api: 'InstanceRunning',
    success: 'running',
    failure: ['shutting-down', 'terminated', 'stopping'],
    retryOn: 'InvalidInstanceID.NotFound',
  },
  'instance-stopped': { ...INSTANCE, api: 'InstanceStopped', success: 'stopped', failure: ['pending', 'terminated'] },
  'instance-terminated': {
    ...INSTANCE,
    api: 'InstanceTerminated',
    success: 'terminated',
    failure: ['pending', 'stopping'],
  },
  'instance-exists': {
    ...INSTANCE,
    api: 'InstanceExists',
    success: '',
    exists: true,
    retryOn: 'InvalidInstanceID.NotFound',
    delay: 5,
  },
  'nat-gateway-available': {
    api: 'NatGatewayAvailable',
    describe: 'describe-nat-gateways',
    states: list('NatGateways', 'State'),
    path: 'NatGateways[].State',
    success: 'available',
    failure: ['failed', 'deleting', 'deleted'],
    retryOn: 'NatGatewayNotFound',
    delay: 15,
    maxAttempts: 40,
  },
  'nat-gateway-deleted': {
    api: 'NatGatewayDeleted',
    describe: 'describe-nat-gateways',
    states: list('NatGateways', 'State'),
    path: 'NatGateways[].State',
    success: 'deleted',
    delay: 15,
    maxAttempts: 40,
  },
  'network-interface-available': {
    api: 'NetworkInterfaceAvailable',
    describe: 'describe-network-interfaces',
    states: list('NetworkInterfaces', 'Status'),
    path: 'NetworkInterfaces[].Status',
    success: 'available',
    delay: 20,
    maxAttempts: 10,
  },
  'vpc-available': {
    api: 'VpcAvailable',
    describe: 'describe-vpcs',
    states: list('Vpcs', 'State'),
    path: 'Vpcs[].State',
    success: 'available',
    delay: 15,
    maxAttempts: 40,
  },
  'vpc-exists': {
    api: 'VpcExists',
    describe: 'describe-vpcs',
    states: list('Vpcs', 'State'),
    path: 'Vpcs[].State',
    success: '',
    exists: true,
    retryOn: 'InvalidVpcID.NotFound',
    delay: 1,
    maxAttempts: 5,
  },
  'subnet-available': {
    api: 'SubnetAvailable',
    describe: 'describe-subnets',
    states: list('Subnets', 'State'),
    path: 'Subnets[].State',
    success: 'available',
    delay: 15,
    maxAttempts: 40,
  },
  'security-group-exists': {
    api: 'SecurityGroupExists',
    describe: 'describe-security-groups',
    states: list('SecurityGroups', 'GroupId'),
    path: 'SecurityGroups[].GroupId',
    success: '',
    exists: true,
    retryOn: 'InvalidGroup.NotFound',
    delay: 5,
    maxAttempts: 6,
  },
};
