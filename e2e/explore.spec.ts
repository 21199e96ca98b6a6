import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { buildNetwork, exportSnapshot, TopologySchema } from '../engine/index';
import { snap, violations } from './helpers';

/** An account to upload: two VPCs peered, a web tier that takes only 443, and a third VPC joined to nothing. */
function accountFolder(): string {
  const built = buildNetwork(
    TopologySchema.parse(
      parse(`
region: eu-west-1
vpcs: [{ id: vpc-shop, cidr: 10.1.0.0/16 }, { id: vpc-data, cidr: 10.2.0.0/16 }, { id: vpc-lab, cidr: 10.3.0.0/16 }]
subnets:
  - { id: subnet-web, vpc: vpc-shop, az: eu-west-1a, cidr: 10.1.1.0/24 }
  - { id: subnet-db, vpc: vpc-data, az: eu-west-1a, cidr: 10.2.1.0/24 }
  - { id: subnet-lab, vpc: vpc-lab, az: eu-west-1b, cidr: 10.3.1.0/24 }
peeringConnections: [{ id: pcx-shop-data, requester: vpc-shop, accepter: vpc-data }]
routeTables:
  - { id: rtb-shop, vpc: vpc-shop, main: true, routes: [{ destination: 10.2.0.0/16, target: pcx-shop-data }] }
  - { id: rtb-data, vpc: vpc-data, main: true, routes: [{ destination: 10.1.0.0/16, target: pcx-shop-data }] }
securityGroups:
  - { id: sg-web, vpc: vpc-shop, inbound: [{ protocol: tcp, ports: 443, source: 10.0.0.0/8 }] }
  - { id: sg-db, vpc: vpc-data, inbound: [{ protocol: all, source: 10.1.0.0/16 }] }
instances:
  - { id: i-web, interfaces: [{ id: eni-web, subnet: subnet-web, privateIp: 10.1.1.10, securityGroups: [sg-web] }] }
  - { id: i-db, interfaces: [{ id: eni-db, subnet: subnet-db, privateIp: 10.2.1.10, securityGroups: [sg-db] }] }
  - { id: i-lab, interfaces: [{ id: eni-lab, subnet: subnet-lab, privateIp: 10.3.1.10 }] }
`),
    ),
  );
  if (!built.ok) throw new Error('the fixture does not build');
  const dir = mkdtempSync(path.join(tmpdir(), 'underlay-account-'));
  for (const f of exportSnapshot(built.network)) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), JSON.stringify(f.json));
  }
  writeFileSync(path.join(dir, 'broken.json'), '{ "Vpcs": [');
  return dir;
}

async function join(page: Page, name: string) {
  await page.goto('/');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
}

test('a learner uploads their own account, sees what was not understood, and explores it: matrix, traces, describe calls', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const dir = accountFolder();
  await join(page, 'Owner');
  await page.getByRole('link', { name: 'Your account' }).click();
  await page.waitForURL('**/explore');
  await expect(page.getByText('Nothing uploaded yet.')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.getByLabel('Upload name').fill('shop account');
  const files = [
    ...[
      'Vpcs',
      'Subnets',
      'RouteTables',
      'SecurityGroups',
      'NetworkInterfaces',
      'Reservations',
      'NetworkAcls',
      'VpcPeeringConnections',
    ].map((n) => path.join(dir, 'eu-west-1', `${n}.json`)),
    path.join(dir, 'broken.json'),
  ];
  await page.getByLabel('describe-* JSON files, or one zip').setInputFiles(files);
  await page.getByRole('button', { name: 'Upload and import' }).click();
  const status = page.getByRole('status');
  await expect(status).toContainText('Imported shop account');
  await status.getByText('Not understood (1)').click();
  await expect(status).toContainText('broken.json: not JSON');
  await snap(page, info, 'uploaded');
  await status.getByRole('link', { name: 'shop account' }).click();
  await page.waitForURL('**/explore/*');

  // the diagram draws the three VPCs and the peering
  const diagram = page.getByTestId('diagram');
  await expect(diagram.locator('.react-flow__node[data-id="pcx-shop-data"]')).toBeVisible();
  await expect(page.getByText('3 VPCs · 3 subnets · 3 instances')).toBeVisible();
  // uploaded without their folder, the files still name their Region through the zones
  await expect(page.getByText(/security groups · eu-west-1/)).toBeVisible();

  // the matrix: ping, with the keyboard; the web tier refuses ping, the lab VPC is joined to nothing
  const matrix = page.getByTestId('reachability-matrix');
  await matrix.getByLabel('Protocol').selectOption('icmp');
  await matrix.getByRole('button', { name: 'Which subnets talk?' }).press('Enter');
  await expect(matrix.getByRole('status')).toContainText('6 pairs traced, icmp');
  await expect(matrix.getByRole('button', { name: 'subnet-web to subnet-db: roundtrip' })).toBeVisible();
  await expect(
    matrix.getByRole('button', { name: 'subnet-db to subnet-web: dropped at sg-web (ENI_SG_RULES_MISMATCH)' }),
  ).toBeVisible();
  await expect(matrix.getByRole('button', { name: /subnet-web to subnet-lab: dropped at rtb-shop/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await snap(page, info, 'matrix');

  // a cell opens its trace, stepped on the diagram
  await matrix.getByRole('button', { name: /subnet-db to subnet-web/ }).click();
  const trace = page.getByTestId('trace-viewer');
  await expect(trace).toContainText('dropped');
  await expect(trace).toContainText('ENI_SG_RULES_MISMATCH');
  await trace.focus();
  await page.keyboard.press('ArrowRight');
  await snap(page, info, 'trace');

  // a traffic test on 443 goes through
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await page.getByLabel('From').selectOption('i-db');
  await page.getByLabel('To', { exact: true }).fill('10.1.1.10');
  await page.getByLabel('Protocol').selectOption('tcp');
  await page.getByLabel('Port', { exact: true }).fill('443');
  await page.getByLabel('Your prediction').selectOption('roundtrip');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('trace-viewer')).toContainText('roundtrip');

  // describe calls in the read-only console; a change is refused with why
  await page.getByRole('tab', { name: 'Console' }).click();
  const command = page.getByLabel('Command');
  await command.fill(
    'aws ec2 describe-vpc-peering-connections --query VpcPeeringConnections[].VpcPeeringConnectionId --output text',
  );
  await command.press('Enter');
  await expect(page.getByTestId('explore-console')).toContainText('pcx-shop-data');
  await command.fill('aws ec2 delete-vpc --vpc-id vpc-lab');
  await command.press('Enter');
  await expect(page.locator('main [role=alert]')).toContainText('read-only');

  // the inspector shows, and offers no change
  await diagram.locator('.react-flow__node[data-id="i-web"]').click();
  await expect(page.getByTestId('inspector')).toContainText('sg-web');
  await expect(page.getByTestId('inspector').getByRole('button', { name: 'Allow' })).toBeHidden();

  await page.getByRole('tab', { name: 'Not understood' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('broken.json: not JSON');
});

test('uploads are private, bounded, and a bad one is explained; on a phone too', async ({ browser }, info) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await join(page, 'Phone');
  await page.goto('/explore');
  const dir = accountFolder();
  await page.getByLabel('describe-* JSON files, or one zip').setInputFiles([path.join(dir, 'broken.json')]);
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.locator('main [role=alert]')).toContainText('no JSON file could be read');
  await snap(page, info, 'phone-refused');
  await page.getByLabel('describe-* JSON files, or one zip').setInputFiles(path.join(dir, 'eu-west-1', 'Vpcs.json'));
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('status')).toContainText('Imported my account');
  await page.getByRole('status').getByRole('link').click();
  await page.waitForURL('**/explore/*');
  const url = page.url();
  await expect(page.getByTestId('diagram')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await snap(page, info, 'phone-explore');
  // another learner gets nothing from that address
  const other = await (await browser.newContext()).newPage();
  await join(other, 'Stranger');
  await other.goto(url);
  await expect(other.locator('main [role=alert]')).toContainText('There is no such upload.');
});
