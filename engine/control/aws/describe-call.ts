import type { Topology } from '../../model/topology';
import { parseOptions, tokenize } from './cli-args';

/** `replace-route` → `ReplaceRoute`: the API action a CLI operation calls. */
export function apiAction(op: string): string {
  return op
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The options that say what a call acted on, in the order a reader wants them. */
const SUBJECT_OPTIONS = [
  'route-table-id',
  'destination-cidr-block',
  'network-interface-id',
  'instance-id',
  'instance-ids',
  'private-ip-addresses',
  'allocation-id',
  'group-id',
  'subnet-id',
];

function routeTarget(t: Topology, table: string | undefined, dest: string | undefined): string | undefined {
  return t.routeTables.find((r) => r.id === table)?.routes.find((r) => r.destination === dest)?.target;
}

/**
 * One line for the event timeline about an API call a guest made, in the brief's words:
 * `ReplaceRoute rtb-app 0.0.0.0/0: eni-fw1-in → eni-fw2-in`. `before` and `after` are the
 * topology around the call, so a route's old and new targets show as a diff.
 */
export function describeApiCall(line: string, before: Topology, after: Topology): { action: string; subject: string } {
  const tokens = tokenize(line.trim());
  const words = Array.isArray(tokens) ? (tokens[0] === 'aws' ? tokens.slice(1) : tokens) : [];
  const op = words[1] ?? 'unknown';
  const opts = parseOptions(words.slice(2));
  const get = (k: string) => (opts instanceof Map ? opts.get(k)?.join(' ') : undefined);
  const action = apiAction(op);
  if (op.endsWith('-route')) {
    const table = get('route-table-id');
    const dest = get('destination-cidr-block');
    const was = routeTarget(before, table, dest);
    const now = routeTarget(after, table, dest);
    const diff = was === now ? (now ?? 'no route') : `${was ?? 'no route'} → ${now ?? 'no route'}`;
    return { action, subject: `${table ?? '?'} ${dest ?? '?'}: ${diff}` };
  }
  const subject = SUBJECT_OPTIONS.map(get).filter((v): v is string => v !== undefined);
  return { action, subject: subject.join(' ') };
}
