// Mandates and acting for a client (issue 22): a rights holder grants an agent a mandate, the
// agent accepts it and then calls the same API as the holder, exactly as far as the mandate
// allows; narrowing and ending it take effect at once, on every daemon; every history entry
// names the agent and the holder; an agent with two clients never mixes them.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, psql, within } from './lib/harness.js';
import {
  setupRegistry, createAccount, createAgent, grantMandate, uploadDocument, attachEvidence, fileDraft, fileApproved,
  login,
} from './lib/fixtures.js';
import { completeFiling } from './lib/filings.js';
import { today, shiftDays } from './lib/dates.js';

const ALL_POWERS = ['file_and_amend', 'submit', 'answer_information_requests', 'renew', 'manage_authorized_users'];

describe('mandates', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const { admin, hq } = cast;
  test.after(() => server.stop());
  const req = (method, path, who, options = {}) => server.request(method, path, { token: who.token, ...options });

  /** An agent's draft for a client; asserts 201. */
  async function agentFiles(agent, client, overrides = {}) {
    const res = await req('POST', '/v1/recordations', agent,
      { body: completeFiling({ organization_id: client.organization.id, ...overrides }) });
    assert.equal(res.status, 201, res.text);
    return res.body;
  }

  test('the whole life: grant, accept, act, narrow, end, act again', async () => {
    const acme = await createAccount(server, 'rights_holder', { organization: { name: 'Acme Trading' } });
    const kingsway = await createAgent(server, admin, { overrides: { organization: { name: 'Kingsway IP' }, user: { full_name: 'Li Na' } } });
    const own = await fileDraft(server, acme);

    // Granted: offered, not yet in force; the agent sees the mandate but nothing of the holder's.
    const granted = await req('POST', '/v1/mandates', acme, { body: {
      agent_id: kingsway.organization.id, all_recordations: true, actions: ['file_and_amend', 'submit'],
      valid_until: shiftDays(today(), 400), note: 'Trademark filings in China' } });
    assert.equal(granted.status, 201, granted.text);
    const m = granted.body;
    assert.equal(m.status, 'offered');
    assert.equal(m.in_force, false);
    assert.equal(m.valid_from, today());
    assert.deepEqual(m.actions, ['file_and_amend', 'submit']);
    assert.equal(m.agent.name, 'Kingsway IP');
    assert.equal(m.holder.name, 'Acme Trading');
    assert.equal((await req('GET', `/v1/mandates/${m.id}`, kingsway)).status, 200);
    assert.equal((await req('GET', `/v1/recordations/${own.id}`, kingsway)).status, 404);
    assert.equal((await req('POST', '/v1/recordations', kingsway, { body: completeFiling({ organization_id: acme.organization.id }) })).status, 422);

    // Accepting needs the power of attorney, which the holder attaches.
    const early = await req('POST', `/v1/mandates/${m.id}/answer`, kingsway, { body: { outcome: 'accept' } });
    assert.equal(early.status, 409, early.text);
    assert.equal(early.body.type, 'urn:iprd:problem:power-of-attorney-missing');
    const poa = await uploadDocument(server, acme, m.id, 'power_of_attorney', { parent: 'mandates' });
    const docs = await req('GET', `/v1/mandates/${m.id}/documents`, kingsway);
    assert.deepEqual(docs.body.items.map((d) => d.id), [poa.id]);
    assert.equal((await req('GET', `/v1/mandates/${m.id}/documents/${poa.id}`, kingsway)).status, 200);
    assert.equal((await req('POST', `/v1/mandates/${m.id}/documents?kind=power_of_attorney`, kingsway, { raw: 'x', headers: { 'content-type': 'application/pdf' } })).status, 403);
    const accepted = await req('POST', `/v1/mandates/${m.id}/answer`, kingsway, { body: { outcome: 'accept' } });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.body.status, 'accepted');
    assert.equal(accepted.body.in_force, true);
    assert.equal(accepted.body.has_power_of_attorney, true);
    // Once accepted, the power of attorney stays as it was.
    assert.equal((await req('DELETE', `/v1/mandates/${m.id}/documents/${poa.id}`, acme)).status, 409);

    // Acting: the holder's own filing, and a new one for the client.
    assert.equal((await req('GET', `/v1/recordations/${own.id}`, kingsway)).status, 200);
    const filed = await agentFiles(kingsway, acme, { title: 'KINGSWAY FILED (word mark)' });
    assert.equal(filed.holder.organization_id, acme.organization.id);
    assert.equal(filed.holder.name, 'Acme Trading');
    const mine = await req('GET', '/v1/recordations', acme);
    assert.ok(mine.body.items.some((r) => r.id === filed.id), 'the holder sees the filing made for it');
    const patched = await req('PATCH', `/v1/recordations/${filed.id}`, kingsway,
      { body: { goods_scope: 'Phones' }, headers: { 'if-match': `"${filed.version}"` } });
    assert.equal(patched.status, 200, patched.text);
    await attachEvidence(server, kingsway, filed.id);
    const submitted = await req('POST', `/v1/recordations/${filed.id}/submit`, kingsway);
    assert.equal(submitted.status, 200, submitted.text);
    assert.equal(submitted.body.status, 'submitted');

    // Outside the mandate: 403 on what it sees.
    const approved = await req('POST', `/v1/recordations/${filed.id}/decision`, hq, { body: { outcome: 'approve' } });
    assert.equal(approved.status, 200, approved.text);
    const renew = await req('POST', `/v1/recordations/${filed.id}/renewal`, kingsway, { body: {} });
    assert.equal(renew.status, 403, renew.text);
    assert.equal(renew.body.type, 'urn:iprd:problem:not-mandated');
    assert.equal(renew.body.power, 'renew');
    const entry = { name: 'Pudong Import', registration_number: 'PD-1', country: 'CN', roles: ['importer'] };
    assert.equal((await req('POST', `/v1/recordations/${filed.id}/authorized-users`, kingsway, { body: entry })).status, 403);
    assert.equal((await req('PUT', `/v1/recordations/${filed.id}/authorized-users`, kingsway, { body: { entries: [entry] } })).status, 403);
    assert.equal((await req('POST', `/v1/recordations/${filed.id}/cancellation`, kingsway, { body: { reason: 'x' } })).status, 403);
    assert.equal((await req('POST', `/v1/recordations/${filed.id}/decision`, kingsway, { body: { outcome: 'approve' } })).status, 403);
    assert.equal((await req('POST', '/v1/mandates', kingsway, { body: {} })).status, 403);
    assert.equal((await req('POST', `/v1/mandates/${m.id}/end`, kingsway, { body: {} })).status, 403);

    // The history names the agent and the holder; officers see the agent, the register does not.
    const history = await req('GET', `/v1/recordations/${filed.id}/history`, acme);
    const created = history.body.items.find((e) => e.action === 'created');
    assert.equal(created.actor.full_name, 'Li Na');
    assert.equal(created.actor.role, 'agent');
    assert.equal(created.actor.organization.name, 'Kingsway IP');
    assert.equal(created.actor.organization.kind, 'agent');
    assert.equal(created.on_behalf_of.name, 'Acme Trading');
    assert.equal(created.on_behalf_of.organization_id, acme.organization.id);
    for (const e of history.body.items.filter((x) => x.actor?.role === 'agent')) {
      assert.equal(e.on_behalf_of?.name, 'Acme Trading', `${e.action} names the holder`);
    }
    const decision = history.body.items.find((e) => e.action === 'approved');
    assert.equal(decision.actor.organization, null);
    assert.equal(decision.on_behalf_of, null);
    const seen = await req('GET', `/v1/recordations/${filed.id}`, hq);
    assert.equal(seen.body.agent.name, 'Kingsway IP');
    assert.equal(seen.body.agent.organization_id, kingsway.organization.id);
    assert.equal(seen.body.agent.contact_email, kingsway.organization.contact_email);
    assert.equal(seen.body.agent.acting_user, 'Li Na');
    assert.equal((await req('GET', `/v1/recordations/${own.id}`, hq)).body.agent, null);
    const register = await server.request('GET', `/v1/register?q=${encodeURIComponent('KINGSWAY FILED')}`);
    assert.equal(register.body.items.length, 1);
    assert.ok(!('agent' in register.body.items[0]));
    assert.ok(!register.text.includes('Kingsway IP'), 'the public register does not name the agent');

    // Narrowed: fewer powers at once; never wider.
    const narrowed = await req('PATCH', `/v1/mandates/${m.id}`, acme,
      { body: { actions: ['submit'] }, headers: { 'if-match': `"${accepted.body.version}"` } });
    assert.equal(narrowed.status, 200, narrowed.text);
    assert.deepEqual(narrowed.body.actions, ['submit']);
    const draft = await fileDraft(server, acme);
    const refused = await req('PATCH', `/v1/recordations/${draft.id}`, kingsway,
      { body: { title: 'x' }, headers: { 'if-match': '"1"' } });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.power, 'file_and_amend');
    const wider = await req('PATCH', `/v1/mandates/${m.id}`, acme,
      { body: { actions: ['submit', 'renew'] }, headers: { 'if-match': `"${narrowed.body.version}"` } });
    assert.equal(wider.status, 422, wider.text);
    assert.deepEqual(wider.body.errors.map((e) => e.field), ['actions[1]']);
    assert.equal((await req('PATCH', `/v1/mandates/${m.id}`, acme, { body: { actions: ['submit'] } })).status, 428);
    // ... and to one recordation out of all of them.
    const listed = await req('PATCH', `/v1/mandates/${m.id}`, acme,
      { body: { recordation_ids: [filed.id] }, headers: { 'if-match': `"${narrowed.body.version}"` } });
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.all_recordations, false);
    assert.deepEqual(listed.body.recordation_ids, [filed.id]);
    assert.equal((await req('GET', `/v1/recordations/${own.id}`, kingsway)).status, 404);
    assert.equal((await req('GET', `/v1/recordations/${filed.id}`, kingsway)).status, 200);
    const list = await req('GET', '/v1/recordations', kingsway);
    assert.deepEqual(list.body.items.map((r) => r.id), [filed.id]);
    const notMine = await req('PATCH', `/v1/mandates/${m.id}`, acme,
      { body: { recordation_ids: [own.id] }, headers: { 'if-match': `"${listed.body.version}"` } });
    assert.equal(notMine.status, 422);
    assert.deepEqual(notMine.body.errors.map((e) => e.field), ['recordation_ids[0]']);

    // Ended: at once; everything of the holder's is gone from the agent's sight.
    const ended = await req('POST', `/v1/mandates/${m.id}/end`, acme, { body: { reason: 'We changed representatives.' } });
    assert.equal(ended.status, 200, ended.text);
    assert.equal(ended.body.status, 'ended');
    assert.equal(ended.body.in_force, false);
    assert.equal((await req('GET', `/v1/recordations/${filed.id}`, kingsway)).status, 404);
    assert.equal((await req('GET', `/v1/recordations/${filed.id}/history`, kingsway)).status, 404);
    assert.equal((await req('GET', `/v1/recordations/${filed.id}/documents`, kingsway)).status, 404);
    assert.equal((await req('POST', `/v1/recordations/${filed.id}/withdrawal`, kingsway, { body: {} })).status, 404);
    assert.deepEqual((await req('GET', '/v1/recordations', kingsway)).body.items, []);
    assert.equal((await req('POST', '/v1/recordations', kingsway, { body: completeFiling({ organization_id: acme.organization.id }) })).status, 422);
    assert.equal((await req('POST', `/v1/mandates/${m.id}/end`, acme, { body: {} })).status, 409);
    assert.equal((await req('POST', `/v1/mandates/${m.id}/answer`, kingsway, { body: { outcome: 'accept' } })).status, 409);

    // The mandate's own history: every transition, with who.
    const mh = await req('GET', `/v1/mandates/${m.id}/history`, kingsway);
    assert.deepEqual(mh.body.items.map((e) => e.action),
      ['granted', 'document_added', 'accepted', 'narrowed', 'narrowed', 'ended']);
    assert.deepEqual(mh.body.items.map((e) => e.actor.organization.name),
      ['Acme Trading', 'Acme Trading', 'Kingsway IP', 'Acme Trading', 'Acme Trading', 'Acme Trading']);
    assert.equal(mh.body.items[5].reason, 'We changed representatives.');
    assert.deepEqual(mh.body.items[3].details, { fields: ['actions'] });
  });

  test('every power outside the mandate is refused, each inside allowed', async () => {
    const holder = await createAccount(server, 'rights_holder');
    const agent = await createAgent(server, admin);
    const target = await fileDraft(server, holder);
    await attachEvidence(server, holder, target.id);
    const cases = {
      file_and_amend: async () => req('PATCH', `/v1/recordations/${target.id}`, agent, { body: { description: 'x' }, headers: { 'if-match': `"${(await req('GET', `/v1/recordations/${target.id}`, holder)).body.version}"` } }),
      manage_authorized_users: () => req('POST', `/v1/recordations/${target.id}/authorized-users`, agent,
        { body: { name: 'Shenzhen Distribution', registration_number: `SZ-${Date.now()}`, country: 'CN', roles: ['distributor'] } }),
    };
    for (const [power, call] of Object.entries(cases)) {
      const others = ALL_POWERS.filter((p) => p !== power);
      const without = await grantMandate(server, holder, agent, { actions: others });
      const res = await call();
      assert.equal(res.status, 403, `${power} without it: ${res.text}`);
      assert.equal(res.body.power, power);
      assert.equal((await req('POST', `/v1/mandates/${without.id}/end`, holder, { body: {} })).status, 200);
      const withIt = await grantMandate(server, holder, agent, { actions: [power] });
      const ok = await call();
      assert.ok([200, 201].includes(ok.status), `${power} with it: ${ok.status} ${ok.text}`);
      assert.equal((await req('POST', `/v1/mandates/${withIt.id}/end`, holder, { body: {} })).status, 200);
    }
    // Creating for a client needs file_and_amend over all its recordations.
    const noFiling = await grantMandate(server, holder, agent, { actions: ['submit'] });
    const create = await req('POST', '/v1/recordations', agent, { body: completeFiling({ organization_id: holder.organization.id }) });
    assert.equal(create.status, 403, create.text);
    assert.equal(create.body.power, 'file_and_amend');
    // submit: the draft goes in; withdrawal is the filer's too.
    const sub = await req('POST', `/v1/recordations/${target.id}/submit`, agent);
    assert.equal(sub.status, 200, sub.text);
    // answering information: another power than submitting
    const asked = await req('POST', `/v1/recordations/${target.id}/decision`, hq, { body: { outcome: 'request_information', reason: 'Send the licence.' } });
    assert.equal(asked.status, 200);
    const answer = await req('POST', `/v1/recordations/${target.id}/submit`, agent, { body: { note: 'Attached.' } });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.power, 'answer_information_requests');
    await req('POST', `/v1/mandates/${noFiling.id}/end`, holder, { body: {} });
    await grantMandate(server, holder, agent, { actions: ['answer_information_requests'] });
    const answered = await req('POST', `/v1/recordations/${target.id}/submit`, agent, { body: { note: 'Attached.' } });
    assert.equal(answered.status, 200, answered.text);
    // An agent may not file as itself nor for a holder that is not its client.
    const own = await req('POST', '/v1/recordations', agent, { body: completeFiling() });
    assert.equal(own.status, 422);
    assert.deepEqual(own.body.errors.map((e) => e.field), ['organization_id']);
    // A holder names only itself.
    const other = await req('POST', '/v1/recordations', holder, { body: completeFiling({ organization_id: cast.holder2.organization.id }) });
    assert.equal(other.status, 422);
    assert.equal((await req('POST', '/v1/recordations', holder, { body: completeFiling({ organization_id: holder.organization.id }) })).status, 201);
  });

  test('an agent with two clients never mixes them; other agents and holders see nothing', async () => {
    const acme = await createAccount(server, 'rights_holder');
    const beta = await createAccount(server, 'rights_holder');
    const agent = await createAgent(server, admin);
    const stranger = await createAgent(server, admin);
    const a1 = await fileDraft(server, acme);
    const b1 = await fileDraft(server, beta);
    const b2 = await fileDraft(server, beta);
    const ma = await grantMandate(server, acme, agent, { actions: ALL_POWERS });
    const mb = await grantMandate(server, beta, agent, { actions: ['file_and_amend'], recordationIds: [b1.id] });

    const all = await req('GET', '/v1/recordations', agent);
    assert.deepEqual(all.body.items.map((r) => r.id).sort(), [a1.id, b1.id].sort());
    const onlyBeta = await req('GET', `/v1/recordations?organization_id=${beta.organization.id}`, agent);
    assert.deepEqual(onlyBeta.body.items.map((r) => r.id), [b1.id]);
    assert.equal((await req('GET', `/v1/recordations/${b2.id}`, agent)).status, 404);
    assert.equal((await req('GET', `/v1/recordations/${b2.id}/history`, agent)).status, 404);
    assert.equal((await req('PATCH', `/v1/recordations/${b2.id}`, agent, { body: { title: 'x' }, headers: { 'if-match': '"1"' } })).status, 404);
    // Beta's listed mandate does not let the agent file new recordations for beta.
    const forBeta = await req('POST', '/v1/recordations', agent, { body: completeFiling({ organization_id: beta.organization.id }) });
    assert.equal(forBeta.status, 422);
    // Acme's powers do not carry over to beta's recordation.
    const subB1 = await req('POST', `/v1/recordations/${b1.id}/submit`, agent);
    assert.equal(subB1.status, 403);
    // A draft filed for acme is acme's, not beta's.
    const forAcme = await agentFiles(agent, acme);
    assert.equal((await req('GET', `/v1/recordations/${forAcme.id}`, beta)).status, 404);
    assert.equal((await req('GET', `/v1/recordations/${forAcme.id}`, acme)).status, 200);

    // Another agent sees none of it; another holder none of the mandates.
    for (const r of [a1, b1, b2, forAcme]) assert.equal((await req('GET', `/v1/recordations/${r.id}`, stranger)).status, 404);
    assert.deepEqual((await req('GET', '/v1/recordations', stranger)).body.items, []);
    for (const m of [ma, mb]) {
      assert.equal((await req('GET', `/v1/mandates/${m.id}`, stranger)).status, 404);
      assert.equal((await req('GET', `/v1/mandates/${m.id}`, cast.holder2)).status, 404);
      assert.equal((await req('GET', `/v1/mandates/${m.id}/history`, stranger)).status, 404);
      assert.equal((await req('POST', `/v1/mandates/${m.id}/end`, cast.holder2, { body: {} })).status, 404);
      assert.equal((await req('POST', `/v1/mandates/${m.id}/answer`, stranger, { body: { outcome: 'decline' } })).status, 404);
    }
    assert.equal((await req('POST', `/v1/mandates/${ma.id}/end`, beta, { body: {} })).status, 404);
    const mandates = await req('GET', '/v1/mandates', agent);
    assert.deepEqual(mandates.body.items.map((m) => m.id).sort(), [ma.id, mb.id].sort());
    const betaOnly = await req('GET', `/v1/mandates?organization_id=${beta.organization.id}`, agent);
    assert.deepEqual(betaOnly.body.items.map((m) => m.id), [mb.id]);
    assert.deepEqual((await req('GET', '/v1/mandates', acme)).body.items.map((m) => m.id), [ma.id]);

    // The desk: both clients, counted apart; filterable by client.
    const desk = await req('GET', '/v1/agent/desk', agent);
    assert.equal(desk.status, 200, desk.text);
    const clients = Object.fromEntries(desk.body.clients.map((c) => [c.organization_id, c.counts]));
    assert.equal(clients[acme.organization.id].draft, 2);
    assert.equal(clients[beta.organization.id].draft, 1);
    assert.deepEqual(desk.body.filings.map((f) => f.id).sort(), [a1.id, b1.id, forAcme.id].sort());
    const betaDesk = await req('GET', `/v1/agent/desk?organization_id=${beta.organization.id}`, agent);
    assert.deepEqual(betaDesk.body.clients.map((c) => c.organization_id), [beta.organization.id]);
    assert.deepEqual(betaDesk.body.filings.map((f) => f.id), [b1.id]);
    assert.deepEqual((await req('GET', '/v1/agent/desk', stranger)).body,
      { clients: [], filings: [], information_requests: [], renewals_due: [], cases_to_answer: [] });
  });

  test('pre-confirmations and certificates of a client\'s recordations: its agents read those the mandate covers', async () => {
    const acme = await createAccount(server, 'rights_holder');
    const agent = await createAgent(server, admin);
    const stranger = await createAgent(server, admin);
    const [r1, r2] = [await fileApproved(server, acme, hq), await fileApproved(server, acme, hq)];
    const m = await grantMandate(server, acme, agent, { actions: ['renew'], recordationIds: [r1.id] });
    const ask = async (recordation) => {
      const res = await req('POST', '/v1/pre-confirmations', cast.importer, { body: {
        office_code: 'CNSHA', direction: 'import', recordation_number: recordation.number,
        goods: [{ description: 'Mobile phones', hs_code: '8517130000', quantity: 100, unit: 'pieces', value: 5000, currency: 'USD' }],
        transport_document: `MAEU${Date.now()}${Math.floor(Math.random() * 1000)}`, expected_on: shiftDays(today(), 5),
        statement: 'Licensed importer.' } });
      assert.equal(res.status, 201, res.text);
      return res.body;
    };
    const [p1, p2] = [await ask(r1), await ask(r2)];

    // The holder sees both; its agent only the one naming the recordation its mandate lists.
    assert.deepEqual((await req('GET', '/v1/pre-confirmations', acme)).body.items.map((p) => p.id).sort(), [p1.id, p2.id].sort());
    assert.deepEqual((await req('GET', '/v1/pre-confirmations', agent)).body.items.map((p) => p.id), [p1.id]);
    assert.equal((await req('GET', `/v1/pre-confirmations/${p1.id}`, agent)).status, 200);
    assert.equal((await req('GET', `/v1/pre-confirmations/${p1.id}/history`, agent)).status, 200);
    assert.equal((await req('GET', `/v1/pre-confirmations/${p1.id}/documents`, agent)).status, 200);
    assert.equal((await req('GET', `/v1/pre-confirmations/${p2.id}`, agent)).status, 404);
    assert.equal((await req('GET', `/v1/pre-confirmations/${p2.id}/history`, agent)).status, 404);
    // Read only: deciding and withdrawing are customs' and the importer's.
    assert.equal((await req('POST', `/v1/pre-confirmations/${p1.id}/withdrawal`, agent, { body: {} })).status, 403);
    assert.equal((await req('POST', `/v1/pre-confirmations/${p1.id}/decision`, agent, { body: { outcome: 'confirm' } })).status, 403);
    // Another agent sees none of them.
    assert.deepEqual((await req('GET', '/v1/pre-confirmations', stranger)).body.items, []);
    assert.equal((await req('GET', `/v1/pre-confirmations/${p1.id}`, stranger)).status, 404);

    // The certificate of the covered recordation (to hand to the client), not of the other.
    const cert = await req('GET', `/v1/recordations/${r1.id}/certificate`, agent);
    assert.equal(cert.status, 200, cert.text);
    assert.equal((await req('GET', `/v1/recordations/${r2.id}/certificate`, agent)).status, 404);
    assert.equal((await req('GET', `/v1/recordations/${r1.id}/certificate`, stranger)).status, 404);

    // Ended: nothing any more.
    assert.equal((await req('POST', `/v1/mandates/${m.id}/end`, acme, { body: {} })).status, 200);
    assert.deepEqual((await req('GET', '/v1/pre-confirmations', agent)).body.items, []);
    assert.equal((await req('GET', `/v1/pre-confirmations/${p1.id}`, agent)).status, 404);
    assert.equal((await req('GET', `/v1/recordations/${r1.id}/certificate`, agent)).status, 404);
  });

  test('suspect-goods cases: an agent sees its client\'s cases the mandate covers, answers them with answer_cases', async () => {
    const acme = await createAccount(server, 'rights_holder', { organization: { name: 'Acme Bags' } });
    const agent = await createAgent(server, admin, { overrides: { organization: { name: 'Kingsway IP' }, user: { full_name: 'Li Na' } } });
    const stranger = await createAgent(server, admin);
    const [r1, r2] = [await fileApproved(server, acme, hq), await fileApproved(server, acme, hq)];
    const open = async (recordations) => {
      const res = await req('POST', '/v1/cases', cast.port, { body: {
        recordations: recordations.map((r) => r.number), transport_document: `MAEU${Date.now()}${Math.floor(Math.random() * 1000)}`,
        declarant: { name: 'Shady Imports Ltd', registration_number: '91310000SHADY0001' },
        goods: [{ description: 'Handbags bearing ACME', hs_code: '420221', quantity: 1200, unit: 'pcs', declared_value: 18000, currency: 'USD' }],
        exchange_rates: [{ currency: 'USD', rate: 7.1 }], suspicion: 'The ACME logo is misspelt on the lining.' } });
      assert.equal(res.status, 201, res.text);
      return res.body;
    };
    const deskCases = async (who) => {
      const desk = await req('GET', '/v1/agent/desk', who);
      assert.equal(desk.status, 200, desk.text);
      return desk.body;
    };

    // A mandate over all of acme's recordations without answer_cases: the agent sees the case (as
    // the holder does: the declarant undisclosed) and may not answer it.
    const m = await grantMandate(server, acme, agent, { actions: ['renew'] });
    const c1 = await open([r1]);
    const seen = await req('GET', `/v1/cases/${c1.id}`, agent);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.body.declarant, null);
    assert.equal((await req('GET', `/v1/cases/${c1.id}/history`, agent)).status, 200);
    const refused = await req('POST', `/v1/cases/${c1.id}/answer`, agent, { body: { answer: 'request_detention' } });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.type, 'urn:iprd:problem:not-mandated');
    assert.equal(refused.body.power, 'answer_cases');
    assert.deepEqual((await deskCases(agent)).cases_to_answer, []);

    // answer_cases over r1 only: a case that also names r2 is not the agent's to see.
    assert.equal((await req('POST', `/v1/mandates/${m.id}/end`, acme, { body: {} })).status, 200);
    await grantMandate(server, acme, agent, { actions: ['answer_cases'], recordationIds: [r1.id] });
    const c2 = await open([r1, r2]);
    assert.equal((await req('GET', `/v1/cases/${c2.id}`, agent)).status, 404);
    assert.equal((await req('POST', `/v1/cases/${c2.id}/answer`, agent, { body: { answer: 'not_infringing' } })).status, 404);
    const listed = await req('GET', '/v1/cases', agent);
    assert.deepEqual(listed.body.items.map((c) => c.id), [c1.id]);
    const desk = await deskCases(agent);
    assert.deepEqual(desk.cases_to_answer.map((c) => c.id), [c1.id]);
    assert.equal(desk.cases_to_answer[0].holder.name, 'Acme Bags');
    assert.deepEqual(desk.cases_to_answer[0].recordations.map((r) => r.id), [r1.id]);
    assert.equal(desk.clients.find((c) => c.organization_id === acme.organization.id).counts.cases_to_answer, 1);
    // Another agent sees none of it.
    assert.equal((await req('GET', `/v1/cases/${c1.id}`, stranger)).status, 404);
    assert.deepEqual((await req('GET', '/v1/cases', stranger)).body.items, []);

    // The agent asks for detention for acme: the history says who acted for whom.
    const answered = await req('POST', `/v1/cases/${c1.id}/answer`, agent, { body: { answer: 'request_detention' } });
    assert.equal(answered.status, 200, answered.text);
    assert.equal(answered.body.status, 'detained');
    assert.equal(answered.body.declarant.name, 'Shady Imports Ltd');
    const entry = (await req('GET', `/v1/cases/${c1.id}/history`, acme)).body.items.at(-1);
    assert.equal(entry.actor.full_name, 'Li Na');
    assert.equal(entry.actor.organization.name, 'Kingsway IP');
    assert.equal(entry.on_behalf_of.name, 'Acme Bags');
    assert.deepEqual((await deskCases(agent)).cases_to_answer, []);
  });

  test('the desk: requests for information awaiting an answer and renewals due', async () => {
    const holder = await createAccount(server, 'rights_holder');
    const agent = await createAgent(server, admin);
    await grantMandate(server, holder, agent, { actions: ALL_POWERS });
    const asked = await agentFiles(agent, holder);
    await attachEvidence(server, agent, asked.id);
    assert.equal((await req('POST', `/v1/recordations/${asked.id}/submit`, agent)).status, 200);
    assert.equal((await req('POST', `/v1/recordations/${asked.id}/decision`, hq, { body: { outcome: 'request_information', reason: 'Which goods?' } })).status, 200);
    const renewable = await agentFiles(agent, holder);
    await attachEvidence(server, agent, renewable.id);
    await req('POST', `/v1/recordations/${renewable.id}/submit`, agent);
    assert.equal((await req('POST', `/v1/recordations/${renewable.id}/decision`, hq, { body: { outcome: 'approve' } })).status, 200);
    // Its validity ends in two months: inside the renewal window.
    await psql(server.databaseUrl, `UPDATE recordations SET valid_from = '${shiftDays(today(), -3000)}', valid_until = '${shiftDays(today(), 60)}' WHERE id = '${renewable.id}'`);
    const desk = (await req('GET', '/v1/agent/desk', agent)).body;
    assert.deepEqual(desk.information_requests.map((r) => r.id), [asked.id]);
    assert.equal(desk.information_requests[0].status, 'information_requested');
    assert.deepEqual(desk.renewals_due.map((r) => r.id), [renewable.id]);
    assert.equal(desk.renewals_due[0].valid_until, shiftDays(today(), 60));
    const counts = desk.clients[0].counts;
    assert.equal(counts.information_requested, 1);
    assert.equal(counts.renewals_due, 1);
    assert.equal(counts.approved, 1);
    const renewed = await req('POST', `/v1/recordations/${renewable.id}/renewal`, agent, { body: {} });
    assert.equal(renewed.status, 200, renewed.text);
    assert.deepEqual((await req('GET', '/v1/agent/desk', agent)).body.renewals_due, []);
  });

  test('declining; expiry by the period; bad grants', async () => {
    const holder = await createAccount(server, 'rights_holder');
    const agent = await createAgent(server, admin);
    const offered = await grantMandate(server, holder, agent, { accept: false });
    const declined = await req('POST', `/v1/mandates/${offered.id}/answer`, agent, { body: { outcome: 'decline', reason: 'Conflict of interest.' } });
    assert.equal(declined.status, 200, declined.text);
    assert.equal(declined.body.status, 'declined');
    assert.equal(declined.body.last_reason, 'Conflict of interest.');
    assert.equal((await req('POST', `/v1/mandates/${offered.id}/answer`, agent, { body: { outcome: 'accept' } })).status, 409);

    const draft = await fileDraft(server, holder);
    const m = await grantMandate(server, holder, agent);
    assert.equal((await req('GET', `/v1/recordations/${draft.id}`, agent)).status, 200);
    await psql(server.databaseUrl, `UPDATE mandates SET valid_from = '${shiftDays(today(), -30)}', valid_until = '${shiftDays(today(), -1)}' WHERE id = '${m.id}'`);
    const expired = await req('GET', `/v1/mandates/${m.id}`, holder);
    assert.equal(expired.body.status, 'expired');
    assert.equal(expired.body.in_force, false);
    assert.equal((await req('GET', `/v1/recordations/${draft.id}`, agent)).status, 404);
    assert.equal((await req('GET', '/v1/mandates?status=expired', holder)).body.items.length, 1);
    assert.equal((await req('POST', `/v1/mandates/${m.id}/end`, holder, { body: {} })).status, 409);

    const bad = await req('POST', '/v1/mandates', holder, { body: {
      agent_id: cast.holder2.organization.id, all_recordations: false, recordation_ids: [draft.id, cast.mandate.id],
      actions: ['renew', 'fly'], valid_from: shiftDays(today(), -1), valid_until: shiftDays(today(), 4000) } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['actions[1]', 'valid_from', 'valid_until'].sort());
    const notAgent = await req('POST', '/v1/mandates', holder, { body: {
      agent_id: cast.holder2.organization.id, all_recordations: false, recordation_ids: [draft.id, cast.mandate.id],
      actions: ['renew'], valid_until: shiftDays(today(), 30) } });
    assert.equal(notAgent.status, 422);
    assert.deepEqual(notAgent.body.errors.map((e) => e.field).sort(), ['agent_id', 'recordation_ids[1]']);
    const both = await req('POST', '/v1/mandates', holder, { body: {
      agent_id: agent.organization.id, all_recordations: true, recordation_ids: [draft.id], actions: ['renew'],
      valid_until: shiftDays(today(), 30) } });
    assert.equal(both.status, 422);
    assert.deepEqual(both.body.errors.map((e) => e.field), ['recordation_ids']);
  });

  test('ending a mandate is seen by a second daemon within a second', async () => {
    const b = await startServer({ databaseUrl: server.databaseUrl });
    try {
      const holder = await createAccount(server, 'rights_holder');
      const agent = await createAgent(server, admin);
      const draft = await fileDraft(server, holder);
      const m = await grantMandate(server, holder, agent);
      const onB = await login(b, agent.email);
      assert.equal((await b.request('GET', `/v1/recordations/${draft.id}`, { token: onB.token })).status, 200);
      assert.equal((await b.request('GET', `/v1/recordations/${draft.id}`, { token: onB.token })).status, 200);
      assert.equal((await req('POST', `/v1/mandates/${m.id}/end`, holder, { body: {} })).status, 200);
      const ms = await within(async () => (await b.request('GET', `/v1/recordations/${draft.id}`, { token: onB.token })).status === 404,
        'the end of the mandate on b');
      assert.ok(ms < 1000, `${ms} ms`);
      // The administrator's suspension reaches the other daemon's session cache too.
      await grantMandate(server, holder, agent);
      assert.equal((await b.request('GET', `/v1/recordations/${draft.id}`, { token: onB.token })).status, 200);
      const suspended = await req('POST', `/v1/agents/${agent.organization.id}/decision`, admin,
        { body: { outcome: 'suspend', reason: 'Licence withdrawn.' } });
      assert.equal(suspended.status, 200, suspended.text);
      await within(async () => (await b.request('GET', `/v1/recordations/${draft.id}`, { token: onB.token })).status === 403,
        'the suspension on b');
      const refused = await b.request('GET', '/v1/mandates', { token: onB.token });
      assert.equal(refused.body.type, 'urn:iprd:problem:agent-not-approved');
      assert.equal((await b.request('GET', '/v1/me', { token: onB.token })).status, 200);
    } finally {
      await b.stop();
    }
  });
});
