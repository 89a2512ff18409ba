// The public register's search (issue 23): what it finds is what the text says (a word or a
// part of one, of the mark, the holder, the goods, the number, in any case, across fields),
// whichever way it is looked up (the words of the register, or the register in number order
// when the text is part of too many words), in number order, page after page; answers any
// cache may keep (ETag, Cache-Control) and 304 to If-None-Match.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, fileApproved, fileSubmitted, unique } from './lib/fixtures.js';
import { completeFiling } from './lib/filings.js';

describe('the public register search', async () => {
  const server = await startServer();
  const { holder, hq } = await setupRegistry(server);
  test.after(() => server.stop());

  const sql = (text) => psql(server.databaseUrl, text);
  const search = (query, headers) => server.request('GET', `/v1/register?${query}`, { headers });
  /** Every number the search finds, following next_cursor page by page (limit 1). */
  const numbers = async (query) => {
    const found = [];
    let cursor = null;
    do {
      const res = await search(`${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.items.length <= 1);
      found.push(...res.body.items.map((x) => x.number));
      cursor = res.body.next_cursor;
    } while (cursor);
    return found;
  };

  // A word no other test writes, in three recordations: inside a longer word of a title, a word
  // of a title, and a word of the goods followed by a hyphen (a copyright: its number, C..., comes
  // before the trademarks' T...).
  const tag = unique('zq').toLowerCase();
  const a = await fileApproved(server, holder, hq, completeFiling({ title: `${tag.toUpperCase()}ALPHA Lotus`,
    goods_scope: 'Handbags and wallets', registration_number: `R${tag}` }));
  const b = await fileApproved(server, holder, hq, completeFiling({ title: `Beta ${tag}`,
    goods_scope: 'Handbags; watches' }));
  const c = await fileApproved(server, holder, hq, completeFiling({ ipr_type: 'copyright', classes: [],
    title: 'Gamma', goods_scope: `Watches of ${tag}-gold`, hs_codes: ['9102'] }));
  await fileSubmitted(server, holder, completeFiling({ title: `${tag} under review` }));
  const all = [c.number, a.number, b.number];

  test('a word, a part of a word, in any case, of the mark, the goods, the number: in number order', async () => {
    assert.deepEqual([...all].sort(), all, 'in number order');
    assert.deepEqual(await numbers(`q=${tag}`), all, 'the word, and the words that contain it; not the filing under review');
    assert.deepEqual(await numbers(`q=${tag.toUpperCase()}`), all, 'any case');
    assert.deepEqual(await numbers(`q=${tag.slice(2, -1)}`), all, 'a part of the word');
    assert.deepEqual(await numbers(`q=${tag.slice(3)}alph`), [a.number], 'a part of a longer word');
    assert.deepEqual(await numbers(`q=${encodeURIComponent(`of ${tag}-GOLD`)}`), [c.number], 'several words of the goods');
    assert.deepEqual(await numbers(`q=${encodeURIComponent(`beta ${tag} ${holder.organization.name.slice(0, 9)}`)}`),
      [b.number], 'across the mark and the holder');
    assert.deepEqual(await numbers(`q=${b.number}`), [b.number], 'the number');
    assert.deepEqual(await numbers(`q=r${tag}`), [a.number], 'the registration number');
    assert.deepEqual(await numbers(`q=${encodeURIComponent(`${tag}%`)}`), [], '% is a plain character');
    assert.deepEqual(await numbers(`q=${tag}x`), [], 'more than is written');
    assert.deepEqual(await numbers(`q=${tag}&ipr_type=copyright`), [c.number], 'with the filters');
    assert.deepEqual(await numbers(`q=${tag}&hs_code=91`), [c.number]);
    assert.deepEqual(await numbers(`q=${tag}&class=25`), [a.number, b.number]);
    const page = await search(`q=${tag}&limit=2`);
    assert.deepEqual(page.body.items.map((x) => x.number), all.slice(0, 2));
    assert.deepEqual((await search(`q=${tag}&limit=2&cursor=${page.body.next_cursor}`)).body.items.map((x) => x.number),
      all.slice(2));
  });

  test('a part of more words than the index reads one by one: the same answers from the register in order', async () => {
    const part = tag.slice(1, 7);
    const before = await numbers(`q=${part}`);
    assert.deepEqual(before, all);
    // Words that contain the part without any entry (words stay in the vocabulary when their
    // last recordation leaves the register): more than the search reads one by one.
    await sql(`INSERT INTO register_vocabulary (word) SELECT 'w' || n || '${part}' FROM generate_series(1, 70) n`);
    assert.deepEqual(await numbers(`q=${part}`), all);
    assert.deepEqual(await numbers(`q=${part}&class=25`), [a.number, b.number]);
    assert.deepEqual(await numbers(`q=${encodeURIComponent(`${part}${tag.slice(7)}-gold`)}`), [c.number]);
  });

  test('a revoked recordation leaves the words of the register, an approved one comes in', async () => {
    const d = await fileApproved(server, holder, hq, completeFiling({ title: `Delta ${tag}` }));
    assert.deepEqual(await numbers(`q=delta+${tag}`), [d.number]);
    assert.equal(await sql(`SELECT count(*) FROM register_words WHERE number = '${d.number}'`) > 0, true);
    const res = await server.request('POST', `/v1/recordations/${d.id}/revocation`,
      { token: hq.token, body: { reason: 'The right was invalidated.' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(await numbers(`q=delta+${tag}`), []);
    assert.equal(await sql(`SELECT count(*) FROM register_words WHERE number = '${d.number}'`), '0');
  });

  test('a page kept in memory is made again after any change of what the register shows, by SQL too', async () => {
    const own = unique('zk').toLowerCase();
    const e = await fileApproved(server, holder, hq, completeFiling({ title: `Kappa ${own}` }));
    const f = await fileApproved(server, holder, hq, completeFiling({ title: `Lambda ${own}` }));
    const first = await search(`q=${own}`);
    assert.deepEqual(first.body.items.map((x) => x.number), [e.number, f.number]);
    assert.equal((await search(`q=${own}`)).text, first.text, 'kept: the same page');
    // Behind the daemon's back (an administrator, another daemon): each field the page shows.
    await sql(`UPDATE recordations SET title = 'Renamed ${own}' WHERE id = '${e.id}'`);
    assert.equal((await search(`q=${own}`)).body.items[0].title, `Renamed ${own}`);
    await sql(`UPDATE recordations SET classes = '{9}' WHERE id = '${e.id}'`);
    assert.deepEqual((await search(`q=${own}`)).body.items[0].classes, [9]);
    await sql(`UPDATE recordations SET valid_from = current_date - 10, valid_until = current_date - 5 WHERE id = '${e.id}'`);
    assert.deepEqual((await search(`q=${own}`)).body.items.map((x) => x.number), [f.number], 'expired');
    // A change of something the register does not show leaves its version alone.
    const version = await sql('SELECT n FROM register_version');
    await sql(`UPDATE recordations SET description = 'not shown' WHERE id = '${f.id}'`);
    assert.equal(await sql('SELECT n FROM register_version'), version);
  });

  test('text the index cannot serve is refused: 422 naming q', async () => {
    for (const q of ['ab', 'a-b-c', '%_%']) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 422, q);
      assert.deepEqual(res.body.errors.map((e) => e.field), ['q']);
      assert.match(res.body.errors[0].message, /at least 3 letters or digits in a row/);
    }
  });

  test('ETag and Cache-Control; 304 to If-None-Match until the answer changes', async () => {
    const first = await search(`q=${tag}`);
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    assert.equal(first.headers.get('cache-control'), 'public, max-age=60');
    const again = await search(`q=${tag}`, { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.bytes.length, 0);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), 'public, max-age=60');
    assert.equal((await search(`q=${tag}`, { 'If-None-Match': `"other", W/${etag}` })).status, 304, 'in a list, weak');
    assert.equal((await search(`q=${tag}`, { 'If-None-Match': '"other"' })).status, 200);
    assert.notEqual((await search(`q=${tag}&limit=2`)).headers.get('etag'), etag, 'another page, another tag');
    await fileApproved(server, holder, hq, completeFiling({ title: `Epsilon ${tag}` }));
    const changed = await search(`q=${tag}`, { 'If-None-Match': etag });
    assert.equal(changed.status, 200, 'the register changed');
    assert.notEqual(changed.headers.get('etag'), etag);
    assert.equal(changed.body.items.length, 4);
    const problem = await search('q=ab', { 'If-None-Match': '*' });
    assert.equal(problem.status, 422, 'a problem is never 304');
    assert.equal(problem.headers.get('etag'), null);
  });
});
