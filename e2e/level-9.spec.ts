import { expect, test } from '@playwright/test';
import { consoleRun, gradeToFullMarks, joinAndOpen, sendTraffic, snap } from './helpers';

const toWeb1 = { from: 'customer', to: '198.51.100.21', protocol: 'tcp', port: 443 } as const;

test('level 9 from its start to 100 through the page: a gateway route table, the appliance address, the return path', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Pia', '09-north-south-inspection');
  await expect(page.getByTestId('briefing')).toContainText('on the way back');
  const aws = (cmd: string) => consoleRun(page, 'aws', `aws ec2 ${cmd}`);

  // E1: the bypass: a customer reaches i-web1 and the firewall never sees it
  await sendTraffic(page, { ...toWeb1, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(page.getByTestId('trace-viewer')).not.toContainText('eni-fw');

  // E3: give the internet gateway a route table of its own
  const created = await aws('create-route-table --vpc-id vpc-shop');
  const edge = /"RouteTableId": "(rtb-[^"]+)"/.exec(created)![1]!;
  await aws(`create-route --route-table-id ${edge} --destination-cidr-block 10.0.1.0/24 --network-interface-id eni-fw`);
  expect(await aws(`associate-route-table --route-table-id ${edge} --gateway-id igw-1`)).toContain(
    '"AssociationId": "rtbassoc-igw-1"',
  );
  // E4: the appliance needs a public address of its own, though nothing is sent to it
  await sendTraffic(page, toWeb1);
  await expect(page.getByTestId('drop-explanation')).toContainText('INGRESS_RTB_NO_PUBLIC_IP');
  await aws('associate-address --allocation-id eipalloc-fw --network-interface-id eni-fw');
  // now the request crosses i-fw, and the reply, routed straight to the gateway, is refused there
  await sendTraffic(page, { ...toWeb1, predict: { result: 'request-only', at: 'igw-1' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await page.getByTestId('trace-viewer').getByRole('tab', { name: 'Reply' }).click();
  await expect(page.getByTestId('drop-explanation')).toContainText('INGRESS_RTB_TRAFFIC_REDIRECTION');
  await snap(page, info, 'asymmetric-reply');

  // the return path: every way out of the web subnet goes through the appliance
  await aws('replace-route --route-table-id rtb-web --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-fw');
  await sendTraffic(page, toWeb1);
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);
  await expect(page.getByTestId('trace-viewer')).toContainText('i-fw');
  // E5: the office's old, more specific route still goes straight out
  await sendTraffic(page, { from: 'office', to: '198.51.100.22', protocol: 'tcp', port: 443 });
  await page.getByTestId('trace-viewer').getByRole('tab', { name: 'Reply' }).click();
  await expect(page.getByTestId('drop-explanation')).toContainText('INGRESS_RTB_TRAFFIC_REDIRECTION');
  await aws('delete-route --route-table-id rtb-web --destination-cidr-block 192.0.2.0/24');
  await sendTraffic(page, { from: 'office', to: '198.51.100.22', protocol: 'tcp', port: 443 });
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);

  await gradeToFullMarks(page);
  await snap(page, info, 'level-9-complete');
});
