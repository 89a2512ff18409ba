// Lists read to the end: follows next_cursor from the first page to the last.
import assert from 'node:assert/strict';

/**
 * Reads every page of GET path?query as token; resolves to the ids of the items, in order.
 * afterPage(n), if given, runs after page n (1, 2, ...) is read: to change the data between
 * pages and show that keyset paging neither skips nor repeats.
 */
export async function listIds(server, token, path, query, afterPage = async () => {}) {
  const ids = [];
  let cursor = null;
  let n = 0;
  do {
    const qs = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const res = await server.request('GET', `${path}?${qs}`, { token });
    assert.equal(res.status, 200, res.text);
    ids.push(...res.body.items.map((r) => r.id));
    cursor = res.body.next_cursor;
    n += 1;
    await afterPage(n);
  } while (cursor);
  return ids;
}
