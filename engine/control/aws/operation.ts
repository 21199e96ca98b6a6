import type { AwsFailure, ControlState } from '../control-state';
import type { ResourceType } from '../resource-types';
import type { CliOptions } from './cli-args';

/** The arguments of one call, read by name. */
export class Args {
  constructor(private readonly opts: CliOptions) {}

  get(name: string): string | undefined {
    return this.opts.get(name)?.[0];
  }

  list(name: string): string[] {
    return this.opts.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.opts.has(name);
  }

  /** `--flag` true, `--no-flag` false, neither undefined. */
  bool(name: string): boolean | undefined {
    if (this.opts.has(name)) return true;
    if (this.opts.has(`no-${name}`)) return false;
    return undefined;
  }
}

export interface OpCall {
  state: ControlState;
  args: Args;
  /** the lab step's `id:`, naming what a creating call makes */
  stepId?: string;
}

export type OpResult = { ok: true; output: unknown } | { ok: false; failure: AwsFailure };

/** What an operation takes, changes and creates (operation-specs.ts declares each once). */
export interface OperationSpec {
  required?: string[];
  optional?: string[];
  /** options that take several values */
  lists?: string[];
  /** boolean options, each also accepted as `--no-<name>` */
  flags?: string[];
  /** at least one of these must be given */
  oneOf?: string[];
  /**
   * The options that name what the call changes (`--route-table-id`): a level may limit a call
   * to some resources, and these are the ones it checks. A read-only call has none.
   */
  subjects?: string[];
  /** the kinds of resource the call creates: what `--tag-specifications` may tag */
  creates?: ResourceType[];
}

/** One `aws ec2` operation: its declaration and what it does. */
export interface Operation extends OperationSpec {
  name: string;
  run(call: OpCall): OpResult;
}

export function ok(output: unknown = {}): OpResult {
  return { ok: true, output };
}

export function fail(code: string, message: string): OpResult {
  return { ok: false, failure: { code, message } };
}

/** Runs an edit through the state; turns a refusal into the call's failure. */
export function applied(call: OpCall, edit: Parameters<ControlState['apply']>[0], output: unknown = {}): OpResult {
  const failure = call.state.apply(edit);
  return failure ? { ok: false, failure } : { ok: true, output };
}
