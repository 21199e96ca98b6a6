import { spec } from './operation-specs';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { resourcesOf, resourceTypeOf, notFoundCodeFor, type ResourceType } from '../resource-types';
import { MAX_TAGS, tagProblem, tagsOf } from '../tags';
import { structures } from './cli-args';
import { describe, type Item } from './describe-items';
import { applied, type OpCall, type Operation, type OpResult } from './operation';

/** `--tags Key=k,Value=v …` (or JSON) as key/value pairs; a value may be absent (delete-tags). */
export function tagsArg(values: string[], option = 'tags'): { Key: string; Value?: string }[] | AwsFailure {
  const list = structures(values, option);
  if ('error' in list) return { code: 'InvalidParameterValue', message: list.error };
  const out: { Key: string; Value?: string }[] = [];
  for (const s of list) {
    const problem = tagProblem({ Key: s.Key, Value: s.Value ?? '' });
    if (problem) return { code: 'InvalidParameterValue', message: problem };
    out.push({ Key: s.Key as string, ...(s.Value !== undefined ? { Value: String(s.Value) } : {}) });
  }
  return out;
}

/** Writes tags on a resource in a topology being edited; over 50 is `TagLimitExceeded`. */
export function writeTags(t: Topology, id: string, tags: { Key: string; Value?: string }[]): AwsFailure | undefined {
  const own = { ...Object.fromEntries(tagsOf(t, id).map((x) => [x.Key, x.Value])) };
  for (const x of tags) own[x.Key] = x.Value ?? '';
  if (Object.keys(own).length > MAX_TAGS)
    return { code: 'TagLimitExceeded', message: `The maximum number of Tags for a resource has been reached.` };
  t.tags[id] = own;
  return undefined;
}

function exists(t: Topology, id: string): AwsFailure | undefined {
  return resourceTypeOf(t, id) ? undefined : { code: notFoundCodeFor(id), message: `The ID '${id}' does not exist` };
}

/** create-tags: every resource gets every tag, or none does. */
function createTags(call: OpCall): OpResult {
  const tags = tagsArg(call.args.list('tags'));
  if ('code' in tags) return { ok: false, failure: tags };
  const ids = call.args.list('resources');
  return applied(call, (t) => {
    for (const id of ids) {
      const missing = exists(t, id);
      if (missing) return missing;
      const refused = writeTags(t, id, tags);
      if (refused) return refused;
    }
    return undefined;
  });
}

/** delete-tags: the named keys (only where the value matches, if one is given), or every tag. */
function deleteTags(call: OpCall): OpResult {
  const given = call.args.list('tags');
  const tags = given.length > 0 ? tagsArg(given) : undefined;
  if (tags && 'code' in tags) return { ok: false, failure: tags };
  const ids = call.args.list('resources');
  return applied(call, (t) => {
    for (const id of ids) {
      const missing = exists(t, id);
      if (missing) return missing;
      const own = Object.fromEntries(tagsOf(t, id).map((x) => [x.Key, x.Value]));
      for (const key of Object.keys(own))
        if (!tags || tags.some((x) => x.Key === key && (x.Value === undefined || x.Value === own[key])))
          delete own[key];
      t.tags[id] = own;
      // a lab's `name:` is the Name tag: deleting the tag forgets it
      if (!('Name' in own))
        for (const r of [t.vpcs, t.subnets, t.routeTables, t.instances].flat()) if (r.id === id) delete r.name;
    }
    return undefined;
  });
}

/** describe-tags: one row per tag, filtered by resource-id, resource-type, key or value. */
function describeTags(call: OpCall): OpResult {
  const t = call.state.topology;
  const items: Item[] = resourcesOf(t).flatMap(([id, type]: [string, ResourceType]) =>
    tagsOf(t, id).map((x) => ({
      id: `${id}/${x.Key}`,
      json: { Key: x.Key, ResourceId: id, ResourceType: type, Value: x.Value },
      filters: { 'resource-id': [id], 'resource-type': [type], key: [x.Key], value: [x.Value] },
    })),
  );
  return describe(call, 'Tags', 'no-ids', 'InvalidParameterValue', items);
}

export const TAG_OPERATIONS: Operation[] = [
  {
    ...spec('create-tags'),
    run: createTags,
  },
  {
    ...spec('delete-tags'),
    run: deleteTags,
  },
  { ...spec('describe-tags'), run: describeTags },
];
