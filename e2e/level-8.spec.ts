import { expect, test } from '@playwright/test';
import { consoleRun, gradeToFullMarks, joinAndOpen, sendTraffic, snap } from './helpers';

const toDb = { from: 'i-web1', to: 'i-db', protocol: 'tcp', port: 5432 } as const;

test('level 8 from its start to 100 through the page: the router decides, subnet routes steer, references stop matching', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Rui', '08-east-west-inspection');
  await expect(page.getByTestId('briefing')).toContainText('in both');
  const aws = (cmd: string) => consoleRun(page, 'aws', `aws ec2 ${cmd}`);

  // E1: the guest route "via the firewall" hands the frame to the subnet router; the firewall sees nothing
  expect(await consoleRun(page, 'i-web1', 'ip route')).toContain('10.0.2.0/24 via 10.0.3.10 dev eth0 onlink');
  expect(await consoleRun(page, 'i-web1', 'nc -zv -w 3 10.0.2.20 5432')).toContain('succeeded');
  expect(await consoleRun(page, 'i-fw', 'tcpdump -ni eth1 tcp port 5432')).toContain('0 packets captured');
  await sendTraffic(page, { ...toDb, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('trace-viewer')).not.toContainText('eni-fw-data');

  // E2, E3: a subnet route to the inspection interface; the flag off on that interface
  expect(
    await aws(
      'create-route --route-table-id rtb-main --destination-cidr-block 10.0.2.20/32 --network-interface-id eni-fw-data',
    ),
  ).toContain('InvalidParameterValue');
  await aws('modify-network-interface-attribute --network-interface-id eni-fw-data --no-source-dest-check');
  for (const [subnet, other] of [
    ['subnet-web', '10.0.2.0/24'],
    ['subnet-db', '10.0.1.0/24'],
  ] as const) {
    const created = await aws('create-route-table --vpc-id vpc-pay');
    const table = /"RouteTableId": "(rtb-[^"]+)"/.exec(created)![1]!;
    await aws(
      `create-route --route-table-id ${table} --destination-cidr-block ${other} --network-interface-id eni-fw-data`,
    );
    await aws(`associate-route-table --route-table-id ${table} --subnet-id ${subnet}`);
  }
  // E4: behind the firewall the database's group reference no longer matches
  await sendTraffic(page, { ...toDb, predict: { result: 'dropped', at: 'i-fw' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Not what you expected');
  await expect(page.getByTestId('drop-explanation')).toContainText('SG_REFERENCES_NOT_PRESERVED');
  await aws('authorize-security-group-ingress --group-id sg-db --protocol tcp --port 5432 --cidr 10.0.1.0/24');
  // both ways through the firewall now, and the database sees i-web1's own address
  await sendTraffic(page, toDb);
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);
  await expect(page.getByTestId('trace-viewer')).toContainText('eni-fw-data');
  await page.getByTestId('trace-viewer').getByRole('tab', { name: 'Reply' }).click();
  await expect(page.getByTestId('trace-viewer')).toContainText('eni-fw-data');
  expect(await consoleRun(page, 'i-fw', 'tcpdump -ni eth1 tcp port 5432')).toContain('Flags [S.]');
  await snap(page, info, 'inspected-both-ways');

  await gradeToFullMarks(page);
  await snap(page, info, 'level-8-complete');
});
