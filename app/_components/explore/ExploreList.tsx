'use client';
import { useCallback, useEffect, useState } from 'react';
import { api, type ApiProblem, type UploadSummary } from './explore-api';

/** What the server takes in one upload (upload-files.ts): checked here first, so a big one is not sent. */
const MAX_BYTES = 5 * 1024 * 1024;

/** A zip's bytes as base64, for the JSON body. */
function base64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The chosen files as the upload's body: one zip, or the JSON files with their folder paths. */
async function bodyOf(name: string, files: File[]): Promise<Record<string, unknown> | string> {
  const size = files.reduce((n, f) => n + f.size, 0);
  if (size > MAX_BYTES) return `These files hold ${(size / 1024 / 1024).toFixed(1)} MB; at most 5 MB are accepted.`;
  const zips = files.filter((f) => f.name.toLowerCase().endsWith('.zip'));
  if (zips.length > 0) {
    if (files.length > 1) return 'Choose one zip, or the JSON files themselves, not both.';
    return { name, zip: base64(await zips[0]!.arrayBuffer()) };
  }
  const texts = await Promise.all(
    files.map(async (f) => ({ path: f.webkitRelativePath || f.name, text: await f.text() })),
  );
  return { name, files: texts };
}

/**
 * Your own account: a form to upload a folder of `aws ec2 describe-*` outputs (the JSON files, or
 * a zip), with what the server could not understand, and the uploads kept so far.
 */
export function ExploreList() {
  const [uploads, setUploads] = useState<UploadSummary[]>();
  const [name, setName] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; problems: ApiProblem[] }>();
  const [done, setDone] = useState<UploadSummary>();

  const load = useCallback(async () => {
    const r = await api<UploadSummary[]>('GET', '/uploads');
    if (r.ok) setUploads(r.data);
    else setError({ message: r.message, problems: [] });
  }, []);
  useEffect(() => void load(), [load]);

  async function submit() {
    setError(undefined);
    setDone(undefined);
    const body = await bodyOf(name.trim() || 'my account', files);
    if (typeof body === 'string') return setError({ message: body, problems: [] });
    setBusy(true);
    const r = await api<UploadSummary>('POST', '/uploads', body);
    setBusy(false);
    if (!r.ok) return setError({ message: r.message, problems: r.problems });
    setDone(r.data);
    setFiles([]);
    setName('');
    await load();
  }

  return (
    <main>
      <h1>Your own account</h1>
      <p className="muted">
        Run <code>aws ec2 describe-vpcs</code>, <code>describe-subnets</code>, <code>describe-route-tables</code>,{' '}
        <code>describe-instances</code>, <code>describe-security-groups</code>, … (and <code>aws elbv2</code> for load
        balancers), save each output as a JSON file, and upload the folder or a zip of it. Underlay rebuilds the network
        and lets you trace traffic through it. Nobody else sees your uploads; at most 5 MB each.
      </p>
      <form
        className="panel"
        aria-busy={busy}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p>
          <label htmlFor="upload-name">Upload name </label>
          <input
            id="upload-name"
            value={name}
            maxLength={80}
            placeholder="my account"
            onChange={(e) => setName(e.target.value)}
          />
        </p>
        <p>
          <label htmlFor="upload-files">describe-* JSON files, or one zip </label>
          <input
            id="upload-files"
            type="file"
            multiple
            accept=".json,.zip,application/json,application/zip"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </p>
        {files.length > 0 && (
          <p className="muted">
            {files.length} file{files.length === 1 ? '' : 's'},{' '}
            {(files.reduce((n, f) => n + f.size, 0) / 1024).toFixed(0)} kB
          </p>
        )}
        <button type="submit" disabled={busy || files.length === 0}>
          {busy ? 'Importing…' : 'Upload and import'}
        </button>
        {busy && <progress aria-label="Importing your account" style={{ marginLeft: '.5rem' }} />}
      </form>
      {error && (
        <div className="panel" role="alert" style={{ marginTop: '.75rem' }}>
          <p className="bad">{error.message}</p>
          <Problems problems={error.problems} />
        </div>
      )}
      {done && (
        <div className="panel" role="status" style={{ marginTop: '.75rem' }}>
          <p className="ok">
            Imported <a href={`/explore/${done.id}`}>{done.name}</a>.
          </p>
          {done.warnings.length > 0 && (
            <details>
              <summary>Not understood ({done.warnings.length})</summary>
              <Problems problems={done.warnings} />
            </details>
          )}
        </div>
      )}
      <h2>Uploads</h2>
      {!uploads && <p className="muted">Loading…</p>}
      {uploads?.length === 0 && <p className="muted">Nothing uploaded yet.</p>}
      <ul data-testid="uploads">
        {uploads?.map((u) => (
          <li key={u.id}>
            <a href={`/explore/${u.id}`}>{u.name}</a>{' '}
            <span className="muted">
              {(u.bytes / 1024).toFixed(0)} kB · {new Date(u.createdAt).toLocaleString()}
              {u.warnings.length > 0 ? ` · ${u.warnings.length} not understood` : ''}
            </span>{' '}
            <button
              aria-label={`Delete ${u.name}`}
              onClick={async () => {
                if (!window.confirm(`Delete the upload ${u.name}?`)) return;
                const r = await api('DELETE', `/uploads/${u.id}`);
                if (!r.ok) setError({ message: r.message, problems: [] });
                await load();
              }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** A list of what was wrong or not understood, each with where. */
export function Problems({ problems }: { problems: ApiProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems">
      {problems.slice(0, 200).map((p, i) => (
        <li key={i}>
          <code>{p.path}</code>: {p.message}
        </li>
      ))}
      {problems.length > 200 && <li className="muted">and {problems.length - 200} more</li>}
    </ul>
  );
}
