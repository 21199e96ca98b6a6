import { expect, test } from '@playwright/test';
import { consoleRun, snap } from './helpers';

test('the AWS CLI in the console: a NAT gateway pending, aws ec2 wait passing the time, text and table output', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.getByLabel('Your name').fill('Cli');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
  await page.goto('/play/02-private-subnet-nat');

  expect(
    await consoleRun(page, 'aws', 'aws ec2 create-nat-gateway --subnet-id subnet-egress --allocation-id eipalloc-reg'),
  ).toContain('"State": "pending"');
  expect(
    await consoleRun(page, 'aws', "aws ec2 describe-nat-gateways --query 'NatGateways[0].State' --output text"),
  ).toContain('pending');
  // the waiter polls every 15 s of simulated time until the gateway is available, and prints
  // nothing, as the CLI does (this level has no daemons, so no clock bar: time passes all the same)
  await consoleRun(page, 'aws', 'aws ec2 wait nat-gateway-available --nat-gateway-ids nat-1');
  await expect(page.getByTestId('console-entry').last().locator('.bad')).toHaveCount(0);
  expect(
    await consoleRun(page, 'aws', "aws ec2 describe-nat-gateways --query 'NatGateways[0].State' --output text"),
  ).toContain('available');
  // the Elastic IP the gateway holds shows the gateway's interface
  expect(
    await consoleRun(page, 'aws', "aws ec2 describe-addresses --query 'Addresses[0].NetworkInterfaceId' --output text"),
  ).toContain('eni-nat-1');
  const table = await consoleRun(page, 'aws', 'aws ec2 describe-route-tables --route-table-ids rtb-app --output table');
  expect(table).toContain('DescribeRouteTables');
  expect(table).toContain('||| DestinationCidrBlock  | GatewayId');
  // a table keeps its columns: the console does not wrap its lines
  const last = page.getByTestId('console-entry').last().locator('.tabular');
  await expect(last).toHaveCSS('white-space', 'pre');
  await snap(page, info, 'cli-table');
  // what the level does not allow is refused with why, before it runs
  expect(await consoleRun(page, 'aws', 'aws ec2 create-tags --resources nat-1 --tags Key=Name,Value=egress')).toContain(
    'this level does not let you call create-tags',
  );
});
