import { z } from 'zod';
import type { HttpRoute } from '../registry';
import { ERRORS } from '../errors';

/** The OpenAPI 3.1 description the app serves at /api/openapi.json. */
export function openApiDocument(useCases: Record<string, { http?: HttpRoute }>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of Object.values(useCases).flatMap((u) => (u.http ? [u.http] : []))) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      summary: op.summary,
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(op.auth ? { security: [{ session: [] }] } : { security: [] }),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input' }) } },
            },
          }
        : {}),
      responses: {
        [String(op.status ?? 200)]: {
          description: 'Success',
          content:
            op.as === 'csv'
              ? { 'text/csv': { schema: { type: 'string' } } }
              : {
                  'application/json': {
                    schema: op.as === 'document' ? { type: 'object' } : { $ref: '#/components/schemas/Ok' },
                  },
                },
        },
        default: {
          description: 'A coded error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Underlay API',
      version: '1.0.0',
      description:
        'Courses, levels, attempts and grades. Authenticated by the session cookie; rate-limited per client.',
    },
    servers: [{ url: '/api' }],
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'underlay_session' } },
      schemas: {
        Ok: { type: 'object', required: ['ok', 'data'], properties: { ok: { const: true }, data: {} } },
        Error: {
          type: 'object',
          required: ['ok', 'error'],
          properties: {
            ok: { const: false },
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { enum: Object.keys(ERRORS) }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
  };
}
