import { unzipSync } from 'fflate';
import { z } from 'zod';
import type { SnapshotFile } from '@/engine/lab/import/import-snapshot';
import type { Problem } from '@/engine/model/problems';

/** The most an upload may hold, unpacked: a large account's describe-* outputs fit well under it. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** The most files one upload may hold. */
export const MAX_UPLOAD_FILES = 500;
/** The HTTP body an upload may send: the files as text, or a zip in base64 (4/3 of its size). */
export const UPLOAD_BODY_BYTES = 8 * 1024 * 1024;

export const UploadSchema = z.strictObject({
  name: z.string().trim().min(1, 'give the upload a name').max(80),
  /** the files as text: each `aws ec2 describe-*` output, with its path (`us-east-1/Vpcs.json`) */
  files: z
    .array(z.strictObject({ path: z.string().min(1).max(300), text: z.string() }))
    .max(MAX_UPLOAD_FILES)
    .optional(),
  /** or one zip of them, in base64 */
  zip: z.string().max(UPLOAD_BODY_BYTES).optional(),
});
export type Upload = z.infer<typeof UploadSchema>;

export type Decoded =
  { ok: true; files: SnapshotFile[]; bytes: number; skipped: Problem[] } | { ok: false; problems: Problem[] };

const tooBig = (bytes: number): Problem => ({
  path: 'files',
  message: `the upload holds ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB are accepted`,
});

/**
 * The upload's files as describe-* JSON: a zip is unpacked (its declared sizes checked first, so
 * a zip bomb is refused unread), each `.json` file parsed. A file that is not JSON is listed with
 * why; other files are skipped and listed. Nothing usable, or too much, is a problem.
 */
export function decodeUpload(upload: Upload): Decoded {
  let entries: { path: string; text: string }[];
  if (upload.zip !== undefined) {
    const unpacked = unzip(upload.zip);
    if (!unpacked.ok) return unpacked;
    entries = unpacked.entries;
  } else entries = upload.files ?? [];
  if (entries.length === 0)
    return {
      ok: false,
      problems: [{ path: 'files', message: 'no files: choose the describe-* JSON files, or a zip of them' }],
    };
  const bytes = entries.reduce((n, e) => n + Buffer.byteLength(e.text), 0);
  if (bytes > MAX_UPLOAD_BYTES) return { ok: false, problems: [tooBig(bytes)] };
  const files: SnapshotFile[] = [];
  const skipped: Problem[] = [];
  const problems: Problem[] = [];
  for (const e of entries) {
    const path = e.path.replace(/\\/g, '/').replace(/^\/+/, '');
    if (!path.toLowerCase().endsWith('.json')) {
      skipped.push({ path, message: 'not a .json file: skipped' });
      continue;
    }
    try {
      files.push({ path, json: JSON.parse(e.text) as unknown });
    } catch (err) {
      problems.push({ path, message: `not JSON: ${(err as Error).message}` });
    }
  }
  if (files.length === 0)
    return { ok: false, problems: [...problems, ...skipped, { path: 'files', message: 'no JSON file could be read' }] };
  return { ok: true, files, bytes, skipped: [...problems, ...skipped] };
}

function unzip(
  base64: string,
): { ok: true; entries: { path: string; text: string }[] } | { ok: false; problems: Problem[] } {
  const data = Buffer.from(base64, 'base64');
  let declared = 0;
  let count = 0;
  try {
    const out = unzipSync(new Uint8Array(data), {
      filter: (f) => {
        if (f.name.endsWith('/')) return false;
        count++;
        declared += f.originalSize;
        if (declared > MAX_UPLOAD_BYTES || count > MAX_UPLOAD_FILES) throw new RangeError('too large');
        return true;
      },
    });
    const decoder = new TextDecoder('utf-8', { fatal: false });
    return { ok: true, entries: Object.entries(out).map(([path, bytes]) => ({ path, text: decoder.decode(bytes) })) };
  } catch (e) {
    if (e instanceof RangeError)
      return {
        ok: false,
        problems: [
          count > MAX_UPLOAD_FILES
            ? { path: 'zip', message: `the zip holds more than ${MAX_UPLOAD_FILES} files` }
            : tooBig(declared),
        ],
      };
    return {
      ok: false,
      problems: [{ path: 'zip', message: `not a zip file that can be read (${(e as Error).message})` }],
    };
  }
}
