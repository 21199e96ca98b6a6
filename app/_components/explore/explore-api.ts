'use client';

/** A problem the server reported: where, and what. */
export interface ApiProblem {
  path: string;
  message: string;
}

/** The answer of an /api call: its data, or the server's message and what it listed as wrong. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string; problems: ApiProblem[] };

/** Calls the JSON API; a network failure reads as a message, never a throw. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(`/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as
      { ok: true; data: T } | { ok: false; error: { message: string; details?: unknown } };
    if (json.ok) return json;
    const d = json.error.details as { problems?: ApiProblem[] } | ApiProblem[] | undefined;
    const problems = Array.isArray(d) ? d : (d?.problems ?? []);
    return { ok: false, message: json.error.message, problems: problems.filter((p) => typeof p?.message === 'string') };
  } catch {
    return { ok: false, message: 'The server could not be reached. Nothing was changed; try again.', problems: [] };
  }
}

export interface UploadSummary {
  id: string;
  name: string;
  bytes: number;
  createdAt: string;
  warnings: ApiProblem[];
}
