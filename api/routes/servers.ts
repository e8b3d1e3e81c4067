// GET /api/v1/servers (a page of servers with their latest snapshot) and GET /api/v1/servers/{domain}
// (one server's record and full daily history).
import { createRoute, z } from '@hono/zod-openapi';
import { ApiError, problemResponse } from '../http/errors.ts';
import { ServerParams, ServerQuery, ServersQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { jsonOrCsv, Server, ServerList } from '../http/schemas.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { checkSoftware } from './summary.ts';
import { SERVER_SORTS, serverPage, serverRecord, type ServerCursor, type ServerSort } from '../metrics/servers.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/servers',
  operationId: 'listServers',
  summary: 'A page of servers seen ok at least once, with their latest snapshot',
  description: DEFINITIONS.servers_list,
  request: { query: ServersQuery },
  responses: {
    200: jsonOrCsv(ServerList, 'a page of servers; follow next_cursor for the next one'),
    400: problemResponse('a bad parameter'),
    404: problemResponse('a software no server has'),
  },
});

const serverRoute = createRoute({
  method: 'get',
  path: '/servers/{domain}',
  operationId: 'getServer',
  summary: "A server's record and full daily history",
  description: DEFINITIONS.server_record,
  request: { params: ServerParams, query: ServerQuery },
  responses: {
    200: jsonOrCsv(Server, 'the record; as CSV, the daily history'),
    400: problemResponse('a bad parameter'),
    404: problemResponse('a name the census never saw'),
  },
});

// A cursor is opaque to clients: base64url of [sort, key, domain].
const CursorTuple = z.tuple([z.enum(SERVER_SORTS), z.union([z.number(), z.string().max(253)]), z.string().max(253)]);

export function encodeCursor(cursor: ServerCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.domain])).toString('base64url');
}

function decodeCursor(text: string, sort: ServerSort): ServerCursor {
  const invalid = (message: string) => new ApiError(400, message, [{ parameter: 'cursor', in: 'query', message }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor must be the next_cursor of a previous page');
  }
  const tuple = CursorTuple.safeParse(parsed);
  if (!tuple.success) throw invalid('cursor must be the next_cursor of a previous page');
  const [cursorSort, key, domain] = tuple.data;
  if (cursorSort !== sort) throw invalid(`cursor continues a list sorted by ${cursorSort}, not by ${sort}`);
  if ((sort === 'domain') !== (typeof key === 'string')) throw invalid('cursor must be the next_cursor of a previous page');
  return { sort, key, domain };
}

const HISTORY_COLUMNS = [
  'day', 'software', 'version', 'users_total', 'users_active_month', 'users_active_halfyear', 'local_posts',
  'open_registrations', 'quality',
] as const;

const LIST_COLUMNS = [
  'domain', 'software', 'version', 'status', 'first_seen', 'first_seen_ok', 'created_at', 'day', 'users_total',
  'users_active_month', 'local_posts',
] as const;

export function serverRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(listRoute, (c) => {
    const query = c.req.valid('query');
    const sort = query.sort ?? 'users_total';
    const limit = query.limit ?? 100;
    // Decoded before any work so a bad cursor is a 400 whatever the cache holds.
    const cursor = query.cursor ? decodeCursor(query.cursor, sort) : null;
    return serveData(c, source, {
      key: keyOf('servers', { ...query, sort, limit }),
      format: query.format,
      name: 'servers',
      paginated: true,
      compute: async (snapshot) => {
        await checkSoftware(snapshot, query.software);
        const page = await serverPage(snapshot, { software: query.software ?? null, sort, limit, cursor });
        const nextCursor = page.next ? encodeCursor(page.next) : null;
        return {
          nextCursor,
          json: { servers: page.servers, next_cursor: nextCursor },
          csv: { columns: LIST_COLUMNS, rows: page.servers },
          definitions: { servers_list: DEFINITIONS.servers_list, software_filter: DEFINITIONS.software_filter },
        };
      },
    });
  });
  app.openapi(serverRoute, (c) => {
    const { domain } = c.req.valid('param');
    const query = c.req.valid('query');
    return serveData(c, source, {
      key: keyOf('server', { domain }),
      format: query.format,
      name: domain,
      compute: async (snapshot) => {
        const record = await serverRecord(snapshot, domain);
        if (!record) throw new ApiError(404, `the census has never seen ${domain}`, [{ parameter: 'domain', in: 'path', message: `domain ${domain} is not in the census` }]);
        return {
          json: { ...record },
          csv: { columns: HISTORY_COLUMNS, rows: record.history },
          definitions: { server_record: DEFINITIONS.server_record },
        };
      },
    });
  });
  return app;
}
