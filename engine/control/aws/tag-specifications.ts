import { resourcesOf, type ResourceType } from '../resource-types';
import { MAX_TAGS, tagProblem } from '../tags';
import { structures } from './cli-args';
import { fail, type OpCall, type Operation, type OpResult } from './operation';
import { writeTags } from './ops-tags';

interface Spec {
  type: ResourceType;
  tags: { Key: string; Value: string }[];
}

/** `--tag-specifications ResourceType=vpc,Tags=[{Key=Name,Value=web}]`, checked against what the call creates. */
function specsOf(op: Operation, values: string[]): Spec[] | OpResult {
  const list = structures(values, 'tag-specifications');
  if ('error' in list) return fail('InvalidParameterValue', list.error);
  const out: Spec[] = [];
  for (const s of list) {
    const type = s.ResourceType;
    if (typeof type !== 'string' || !(op.creates ?? []).includes(type as ResourceType))
      return fail(
        'InvalidParameterValue',
        `'${String(type)}' is not a valid taggable resource type for this operation (${op.name} creates: ${(op.creates ?? []).join(', ')}).`,
      );
    const tags = (Array.isArray(s.Tags) ? s.Tags : s.Tags === undefined ? [] : [s.Tags]) as Record<string, unknown>[];
    if (tags.length > MAX_TAGS)
      return fail('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.');
    for (const tag of tags) {
      const problem = tagProblem(tag);
      if (problem) return fail('InvalidParameterValue', problem);
    }
    out.push({
      type: type as ResourceType,
      tags: tags.map((x) => ({ Key: String(x.Key), Value: String(x.Value ?? '') })),
    });
  }
  return out;
}

/**
 * Runs a creating call with `--tag-specifications`: the resources it creates get their tags
 * in the same call, or the call changes nothing (the tags are checked first; if writing them
 * is refused, the state goes back to what it was).
 */
export function withTagSpecifications(op: Operation, call: OpCall): OpResult {
  const specs = specsOf(op, call.args.list('tag-specifications'));
  if (!Array.isArray(specs)) return specs;
  const state = call.state;
  const before = { topology: state.topology, network: state.network };
  const had = new Set(resourcesOf(state.topology).map(([id]) => id));
  const result = op.run(call);
  if (!result.ok) return result;
  const made = resourcesOf(state.topology).filter(([id]) => !had.has(id));
  const tagged = new Map<string, { Key: string; Value: string }[]>();
  const failure = state.apply((t) => {
    for (const spec of specs)
      for (const [id, type] of made) {
        if (type !== spec.type) continue;
        const refused = writeTags(t, id, spec.tags);
        if (refused) return refused;
        tagged.set(id, [...(tagged.get(id) ?? []), ...spec.tags]);
      }
    return undefined;
  });
  if (failure) {
    state.topology = before.topology;
    state.network = before.network;
    return { ok: false, failure };
  }
  return { ok: true, output: withTags(result.output, tagged, 0) };
}

/** The call's answer with `Tags` on each object that describes a resource just tagged. */
function withTags(value: unknown, tagged: Map<string, { Key: string; Value: string }[]>, depth: number): unknown {
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => withTags(v, tagged, depth + 1));
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = withTags(v, tagged, depth + 1);
  // the object's own id field (VpcId, InstanceId, ...): not a reference to another resource
  const own = Object.entries(obj).find(([k, v]) => k.endsWith('Id') && typeof v === 'string' && tagged.has(v));
  if (own) {
    const tags = tagged.get(own[1] as string)!;
    if ('TagSet' in obj) out.TagSet = tags;
    else out.Tags = tags;
  }
  return out;
}
