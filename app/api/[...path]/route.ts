import { handleApi, responseBody, responseHeaders } from '@/app/_server/http/api';
import { getServices } from '@/app/_server/services';

export const dynamic = 'force-dynamic';

/** The JSON API: one thin handler; the routes and use cases live in app/_server/http/api.ts. */
async function handle(req: Request, ctx: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await ctx.params;
  let body: unknown;
  if (req.method !== 'GET' && req.method !== 'DELETE') {
    try {
      body = await req.json();
    } catch {
      return Response.json(
        { ok: false, error: { code: 'INVALID_INPUT', message: 'The request body is not JSON.' } },
        { status: 400 },
      );
    }
  }
  const url = new URL(req.url);
  const res = await handleApi(getServices(), {
    method: req.method,
    path: `/${path.join('/')}`,
    query: Object.fromEntries(url.searchParams),
    cookie: req.headers.get('cookie') ?? undefined,
    client: req.headers.get('x-forwarded-for') ?? 'direct',
    body,
  });
  return new Response(responseBody(res), { status: res.status, headers: responseHeaders(res) });
}

export { handle as GET, handle as POST, handle as DELETE };
