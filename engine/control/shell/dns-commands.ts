import { ipToString, parseIp } from '../../net/ipv4';
import type { Network } from '../../network/network';
import { privateDnsName, privateDomain, publicDnsName, publicDomain } from '../ec2-names';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

/**
 * The Amazon-provided resolver as a guest queries it (R10: at the VPC's base + 2, and at
 * 169.254.169.253; no security group or network ACL stands in the way), per the VPC's DNS
 * attributes (AWS documentation, "DNS attributes for your VPC"; the spec is silent):
 * - with `enableDnsSupport` off, nothing answers: the query times out;
 * - the private DNS names EC2 gives every address, `ip-10-0-1-20.ec2.internal` in us-east-1 and
 *   `ip-10-0-1-20.<region>.compute.internal` elsewhere, resolve for the asking VPC's own
 *   addresses, and the reverse (PTR) names of those addresses;
 * - a public DNS name (`ec2-198-51-100-10.compute-1.amazonaws.com`) exists for a public address
 *   in a VPC with `enableDnsHostnames` on; asked from inside that VPC it resolves to the private
 *   address, from anywhere else to the public one.
 * Other names are not found (the simulator has no internet DNS).
 */
type Answer = { name: string; ip: string } | 'timeout' | undefined;

function resolve(n: Network, vpcId: string, query: string): Answer {
  const q = query.replace(/\.$/, '').toLowerCase();
  const vpc = n.vpcs.get(vpcId);
  if (!vpc) return undefined;
  const spec = (id: string) => n.topology.vpcs.find((v) => v.id === id);
  if (spec(vpcId)?.dnsSupport === false) return 'timeout';
  const domain = privateDomain(n.region).replace(/\./g, '\\.');
  const pub = publicDomain(n.region).replace(/\./g, '\\.');
  const priv = new RegExp(`^ip-(\\d+)-(\\d+)-(\\d+)-(\\d+)\\.${domain}$`).exec(q);
  const named = new RegExp(`^ec2-(\\d+)-(\\d+)-(\\d+)-(\\d+)\\.${pub}$`).exec(q);
  const asked = priv ? parseIp(priv.slice(1, 5).join('.')) : named ? parseIp(named.slice(1, 5).join('.')) : parseIp(q);
  if (asked === undefined) return undefined;
  // a public address: named only when its VPC gives public hostnames
  const binding = n.publicIps.get(asked);
  const owner = binding?.kind === 'eni' ? binding.eni : undefined;
  if (!priv && owner) {
    const ownerSpec = spec(owner.vpc.id);
    if (!ownerSpec?.dnsHostnames || !ownerSpec.dnsSupport) return undefined;
    const name = publicDnsName(asked, n.region);
    // split horizon: inside the owner's VPC the name is the private address
    if (named && owner.vpc.id === vpcId) return { name, ip: ipToString(binding!.privateIp) };
    return { name, ip: ipToString(asked) };
  }
  if (named) return undefined;
  // a name EC2 gave an address assigned through the API in this VPC (R23's records)
  if (!vpc.ipOwners.has(asked)) return undefined;
  return { name: privateDnsName(asked, n.region), ip: ipToString(asked) };
}

const TIMED_OUT = ';; connection timed out; no servers could be reached';

function server(ctx: ShellContext): string {
  const dns = ctx.instance.enis[0]?.subnet.vpc.dnsIp;
  return dns === undefined ? '169.254.169.253' : ipToString(dns);
}

function vpcOf(ctx: ShellContext): string {
  return ctx.instance.enis[0]?.subnet.vpc.id ?? '';
}

const reverse = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;

/** `host NAME|ADDRESS`: bind's short answer. */
export function host(ctx: ShellContext, argv: string[]): ShellResult {
  const target = argv.slice(1).find((a) => !a.startsWith('-'));
  if (!target) return err('Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time] hostname [server]', 1);
  const isIp = parseIp(target) !== undefined;
  const r = resolve(ctx.state.network, vpcOf(ctx), target);
  if (r === 'timeout') return err(TIMED_OUT, 1);
  if (!r) return err(`Host ${isIp ? reverse(target) : target} not found: 3(NXDOMAIN)`, 1);
  return ok(isIp ? `${reverse(r.ip)} domain name pointer ${r.name}.` : `${r.name} has address ${r.ip}`);
}

/** `nslookup NAME|ADDRESS`: the resolver it asked, then the answer. */
export function nslookup(ctx: ShellContext, argv: string[]): ShellResult {
  const target = argv.slice(1).find((a) => !a.startsWith('-'));
  if (!target) return err('nslookup: this console asks one name at a time: nslookup <name>', 1);
  const dns = server(ctx);
  const head = [`Server:\t\t${dns}`, `Address:\t${dns}#53`, ''];
  const isIp = parseIp(target) !== undefined;
  const r = resolve(ctx.state.network, vpcOf(ctx), target);
  if (r === 'timeout') return err(TIMED_OUT, 1);
  if (!r)
    return err(
      [
        ...head,
        isIp ? `** server can't find ${reverse(target)}: NXDOMAIN` : `** server can't find ${target}: NXDOMAIN`,
      ].join('\n'),
      1,
    );
  return ok(
    [
      ...head,
      'Non-authoritative answer:',
      ...(isIp ? [`${reverse(r.ip)}\tname = ${r.name}.`] : [`Name:\t${r.name}`, `Address: ${r.ip}`]),
    ].join('\n'),
  );
}

/** `dig [+short] NAME` and `dig -x ADDRESS`: the answer section as dig prints it. */
export function dig(ctx: ShellContext, argv: string[]): ShellResult {
  const args = argv.slice(1);
  const short = args.includes('+short');
  const rev = args.indexOf('-x');
  const target =
    rev >= 0 ? args[rev + 1] : args.find((a) => !a.startsWith('+') && !a.startsWith('-') && !a.startsWith('@'));
  if (!target) return err('dig: this console asks one name at a time: dig [+short] <name> | dig -x <address>', 1);
  const r = resolve(ctx.state.network, vpcOf(ctx), target);
  if (r === 'timeout')
    return err(
      short
        ? TIMED_OUT
        : [`; <<>> DiG 9.18.28 <<>> ${args.join(' ')}`, ';; global options: +cmd', TIMED_OUT].join('\n'),
      9,
    );
  const qname = rev >= 0 ? `${reverse(target)}.` : `${target.replace(/\.$/, '')}.`;
  const type = rev >= 0 ? 'PTR' : 'A';
  if (short) return ok(r ? (rev >= 0 ? `${r.name}.` : r.ip) : '');
  const dns = server(ctx);
  return ok(
    [
      `; <<>> DiG 9.18.28 <<>> ${args.join(' ')}`,
      ';; global options: +cmd',
      ';; Got answer:',
      `;; ->>HEADER<<- opcode: QUERY, status: ${r ? 'NOERROR' : 'NXDOMAIN'}, id: 4242`,
      `;; flags: qr rd ra; QUERY: 1, ANSWER: ${r ? 1 : 0}, AUTHORITY: 0, ADDITIONAL: 1`,
      '',
      ';; QUESTION SECTION:',
      `;${qname}\t\tIN\t${type}`,
      ...(r ? ['', ';; ANSWER SECTION:', `${qname}\t60\tIN\t${type}\t${rev >= 0 ? `${r.name}.` : r.ip}`] : []),
      '',
      ';; Query time: 0 msec',
      `;; SERVER: ${dns}#53(${dns}) (UDP)`,
    ].join('\n'),
  );
}
