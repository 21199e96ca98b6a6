import type { Topology } from '../model/topology';

/** One tag as the API prints it. */
export interface Tag {
  Key: string;
  Value: string;
}

/**
 * A resource's tags: those `create-tags` wrote, and its `name:` from the lab as its `Name` tag
 * (a security group's and a prefix list's `name` is their group or list name, not a tag).
 */
export function tagsOf(t: Topology, id: string): Tag[] {
  const own = t.tags[id] ?? {};
  const named = [t.vpcs, t.subnets, t.routeTables, t.instances].flat().find((r) => r.id === id)?.name;
  const all = named !== undefined && !('Name' in own) ? { Name: named, ...own } : own;
  return Object.entries(all).map(([Key, Value]) => ({ Key, Value }));
}

/** A resource's `Name` tag, for the diagram and the console's prompts. */
export function nameTagOf(t: Topology, id: string): string | undefined {
  return tagsOf(t, id).find((x) => x.Key === 'Name')?.Value;
}

/** The filters every describe call takes on tags: `tag:<key>`, `tag-key`, `tag-value`. */
export function tagFilters(tags: Tag[]): Record<string, string[]> {
  const out: Record<string, string[]> = { 'tag-key': tags.map((x) => x.Key), 'tag-value': tags.map((x) => x.Value) };
  for (const x of tags) out[`tag:${x.Key}`] = [x.Value];
  return out;
}

/** Most tags a resource may carry (EC2 User Guide, "Tag restrictions"). */
export const MAX_TAGS = 50;

/**
 * Checks a tag's key and value against EC2's restrictions: keys of 1–128 characters, values of
 * up to 256, and the `aws:` prefix reserved (EC2 User Guide, "Tag restrictions").
 */
export function tagProblem(tag: { Key?: unknown; Value?: unknown }): string | undefined {
  if (typeof tag.Key !== 'string' || tag.Key === '') return 'Tag keys must be non-empty strings';
  if (tag.Key.length > 128) return `Tag key exceeds the maximum length of 128 characters: ${tag.Key}`;
  if (tag.Key.toLowerCase().startsWith('aws:')) return `Tag keys starting with 'aws:' are reserved for internal use`;
  const value = tag.Value ?? '';
  if (typeof value !== 'string') return `Tag value for ${tag.Key} must be a string`;
  if (value.length > 256) return `Tag value exceeds the maximum length of 256 characters: ${tag.Key}`;
  return undefined;
}
