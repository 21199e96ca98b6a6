import { buildNetwork } from '../../network/build-network';
import { TopologySchema } from '../../model/topology';
import { ControlState } from '../control-state';
import { apiName, parseOptions, tokenize } from './cli-args';
import { withTagSpecifications } from './tag-specifications';
import { fromAccount, inAccount, labAccount } from './lab-account';
import { Args, type Operation } from './operation';
import { OPERATIONS } from './operation-catalog';
import { ELBV2_OPERATIONS } from './ops-elbv2';
import { applyQuery, formatJson, formatText, OUTPUT_FORMATS } from './output-format';
import { formatTable, formatYaml } from './output-table';

export { OPERATIONS } from './operation-catalog';

/** Options the CLI accepts on every call. */
const GLOBAL = new Set([
  'region',
  'output',
  'query',
  'profile',
  'no-cli-pager',
  'debug',
  'endpoint-url',
  'no-paginate',
]);

/** What a call printed: AWS's JSON on success; the CLI's or the API's error otherwise. */
export interface AwsCommandResult {
  ok: boolean;
  output: string;
  /** the API's error code; `CliUsage` for a command line the CLI itself refuses */
  code?: string;
}

const USAGE = 'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]';

function usage(message: string): AwsCommandResult {
  return {
    ok: false,
    code: 'CliUsage',
    output: `${USAGE}\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\naws: error: ${message}`,
  };
}

/**
 * Runs `aws ec2|elbv2 <operation> ...` (the leading `aws` is optional) against the control state.
 * A call applies fully or not at all; its output is what the real CLI prints.
 */
export function runAwsCommand(state: ControlState, line: string, stepId?: string): AwsCommandResult {
  const tokens = tokenize(line.trim());
  if (!Array.isArray(tokens)) return usage(tokens.error);
  return runAwsWords(state, tokens[0] === 'aws' ? tokens.slice(1) : tokens, stepId);
}

/** The same, on a command line already split into words (`ec2`, the operation, its options). */
export function runAwsWords(state: ControlState, given: string[], stepId?: string): AwsCommandResult {
  // the answers speak of the lab's account (an imported one keeps its own, not the simulator's),
  // and the lab's account in an option (an ARN, --owner-ids) is the one the operations know
  const account = labAccount(state.topology);
  const words = fromAccount(given, account);
  const [service, name, ...rest] = words;
  if (service === undefined) return usage('the following arguments are required: command');
  const catalog = service === 'ec2' ? OPERATIONS : service === 'elbv2' ? ELBV2_OPERATIONS : undefined;
  if (!catalog)
    return usage(`argument command: Invalid choice '${service}' (this simulator models the ec2 and elbv2 commands)`);
  if (name === undefined) return usage('the following arguments are required: operation');
  if (name === 'help') return { ok: true, output: serviceHelp(service, catalog) };
  // waiters pass simulated time: the console's aws target runs them (engine/lab/aws-wait.ts), a guest's shell cannot
  if (name === 'wait' && service === 'ec2')
    return usage(
      'aws ec2 wait runs from the console (target aws), where simulated time can pass; poll with describe calls here',
    );
  const op = catalog.get(name);
  if (!op)
    return usage(
      `argument operation: Invalid choice '${name}', valid choices are:\n\n${[...catalog.keys()].sort().join(' | ')}`,
    );
  if (rest[0] === 'help') return { ok: true, output: operationHelp(op) };
  const opts = parseOptions(rest);
  if (opts instanceof Map === false) return usage(opts.error);
  const format = opts.get('output')?.[0];
  if (opts.has('output') && !(OUTPUT_FORMATS as readonly string[]).includes(format ?? ''))
    return usage(
      format === 'yaml-stream'
        ? `argument --output: yaml-stream is not modelled by this simulator; use yaml, json, text or table`
        : `argument --output: Invalid choice, valid choices are:\n\njson | text | table | yaml | yaml-stream`,
    );
  const lists = new Set(op.lists ?? []);
  const flags = new Set((op.flags ?? []).flatMap((f) => [f, `no-${f}`]));
  const known = new Set([
    ...(op.required ?? []),
    ...(op.optional ?? []),
    ...lists,
    'dry-run',
    ...(op.creates ? ['tag-specifications'] : []),
  ]);
  const unknown = [...opts.keys()].filter((k) => !known.has(k) && !flags.has(k) && !GLOBAL.has(k));
  if (unknown.length > 0) return usage(`Unknown options: ${unknown.map((k) => `--${k}`).join(', ')}`);
  for (const [k, values] of opts) {
    if (flags.has(k) || GLOBAL.has(k) || k === 'dry-run') continue;
    if (values.length === 0) return usage(`argument --${k}: expected one argument`);
    if (values.length > 1 && !lists.has(k) && k !== 'tag-specifications')
      return usage(`Unknown options: ${values.slice(1).join(', ')}`);
  }
  const missing = (op.required ?? []).filter((r) => !opts.has(r));
  if (missing.length > 0)
    return usage(`the following arguments are required: ${missing.map((m) => `--${m}`).join(', ')}`);
  if (op.oneOf && !op.oneOf.some((o) => opts.has(o)))
    return usage(`one of these arguments is required: ${op.oneOf.map((o) => `--${o}`).join(', ')}`);
  const api = apiName(name);
  if (opts.has('dry-run'))
    return {
      ok: false,
      code: 'DryRunOperation',
      output: `An error occurred (DryRunOperation) when calling the ${api} operation: Request would have succeeded, but DryRun flag is set.`,
    };
  // another region answers as an empty one would: nothing to describe, nothing to change
  const region = opts.get('region')?.[0];
  let target = state;
  if (region !== undefined && region !== state.network.region) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region))
      return {
        ok: false,
        code: 'CliUsage',
        output: `Could not connect to the endpoint URL: "https://ec2.${region}.amazonaws.com/"`,
      };
    if (!name.startsWith('describe-'))
      return usage(
        `this simulator models the lab's region (${state.network.region}) only: ${region} is empty, and ${name} changes nothing there`,
      );
    target = emptyRegion(region);
  }
  const call = { state: target, args: new Args(opts), ...(stepId ? { stepId } : {}) };
  const result = opts.has('tag-specifications') ? withTagSpecifications(op, call) : op.run(call);
  if (!result.ok) {
    return {
      ok: false,
      code: result.failure.code,
      output: inAccount(
        `An error occurred (${result.failure.code}) when calling the ${api} operation: ${result.failure.message}`,
        account,
      ),
    };
  }
  return printed(inAccount(result.output, account), opts, name);
}

/** A region with nothing in it, for `--region <other>`. */
function emptyRegion(region: string): ControlState {
  const built = buildNetwork(TopologySchema.parse({ region }));
  if (!built.ok) throw new Error('an empty region does not build');
  return new ControlState(built.network);
}

/** `aws ec2 help`, `aws elbv2 help`: the operations this simulator models. */
function serviceHelp(service: string, catalog: ReadonlyMap<string, Operation>): string {
  return [
    service.toUpperCase(),
    '',
    'AVAILABLE COMMANDS (the ones this simulator models)',
    '',
    ...[...catalog.keys(), ...(service === 'ec2' ? ['wait'] : [])].sort().map((n) => `       o ${n}`),
  ].join('\n');
}

/** `aws ec2 <operation> help`: its synopsis, from the same declaration the CLI parser reads. */
function operationHelp(op: Operation): string {
  const lists = new Set(op.lists ?? []);
  const option = (o: string, required: boolean) => {
    const value = lists.has(o) ? `<value> [<value>...]` : '<value>';
    return required ? `          --${o} ${value}` : `          [--${o} ${value}]`;
  };
  return [
    op.name,
    '',
    'SYNOPSIS',
    `            ${op.name}`,
    ...(op.required ?? []).map((o) => option(o, true)),
    ...(op.oneOf ? [`          (one of: ${op.oneOf.map((o) => `--${o}`).join(', ')})`] : []),
    ...(op.optional ?? []).filter((o) => !(op.oneOf ?? []).includes(o)).map((o) => option(o, false)),
    ...(op.oneOf ?? []).map((o) => option(o, false)),
    ...[...lists].filter((o) => !(op.required ?? []).includes(o)).map((o) => option(o, false)),
    ...(op.flags ?? []).map((f) => `          [--${f} | --no-${f}]`),
    ...(op.creates ? ['          [--tag-specifications <value> [<value>...]]'] : []),
    '          [--dry-run]',
    '          [--query <value>] [--output json|text|table|yaml]',
  ].join('\n');
}

/** The answer as the CLI prints it: `--query` first, then `--output json|text` (json by default). */
function printed(answer: unknown, opts: Map<string, string[]>, operation: string): AwsCommandResult {
  let value = answer;
  const query = opts.get('query')?.[0];
  if (query !== undefined) {
    const q = applyQuery(value, query);
    if (!q.ok) return usage(q.error);
    value = q.value;
  }
  const format = opts.get('output')?.[0] ?? 'json';
  if (format === 'text') return { ok: true, output: formatText(value) };
  if (format === 'table') return { ok: true, output: formatTable(value, apiName(operation)) };
  if (format === 'yaml') return { ok: true, output: formatYaml(value) };
  return { ok: true, output: query !== undefined ? JSON.stringify(value ?? null, null, 4) : formatJson(value) };
}
