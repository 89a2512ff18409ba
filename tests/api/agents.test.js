// Agent organizations (issue 22): registration as kind `agent` with a licence number, the
// administrator's approval (pending -> approved | refused; approved -> suspended -> approved),
// and what an agent that is not approved may do: log in and look at itself, nothing else.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.js';
import { setupRegistry, accountBody, createAccount, createAgent, grantMandate, fileDraft } from './lib/fixtures.js';
import { today, shiftDays } from './lib/dates.js';

describe('agents', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const { admin, holder } = cast;
  test.after(() => server.stop());
  const req = (method, path, who, options = {}) => server.request(method, path, { token: who?.token, ...options });
  const decide = (agent, body) => req('POST', `/v1/agents/${agent.organization.id}/decision`, admin, { body });

  test('an agent registers with its licence number; holders and importers have none', async () => {
    const noLicence = accountBody('agent');
    delete noLicence.organization.licence_number;
    const res = await server.request('POST', '/v1/accounts', { body: noLicence });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['organization.licence_number']);
    const holderWithLicence = accountBody('rights_holder', { organization: { licence_number: 'IPA-1' } });
    const wrong = await server.request('POST', '/v1/accounts', { body: holderWithLicence });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.body.errors.map((e) => e.field), ['organization.licence_number']);

    const body = accountBody('agent', { organization: { name: 'Kingsway IP', licence_number: 'CIPA-2024-0964' } });
    const created = await server.request('POST', '/v1/accounts', { body });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.organization.kind, 'agent');
    assert.deepEqual(created.body.organization.agent, { licence_number: 'CIPA-2024-0964', status: 'pending' });
    assert.equal(created.body.user.role, 'agent');
    const plain = await createAccount(server, 'rights_holder');
    assert.equal(plain.organization.agent, null);
  });

  test('until the administrator approves it, an agent may log in and look at itself, not act', async () => {
    const agent = await createAgent(server, admin, { approved: false });
    const me = await req('GET', '/v1/me', agent);
    assert.equal(me.status, 200);
    assert.equal(me.body.user.role, 'agent');
    assert.equal(me.body.organization.agent.status, 'pending');
    assert.equal((await req('PUT', '/v1/me/password', agent, { body: { current_password: 'wrong one here', new_password: 'a new password 1' } })).status, 422, 'its own password: checked, not refused');
    for (const [method, path, body] of [
      ['GET', '/v1/mandates'], ['GET', '/v1/recordations'], ['GET', '/v1/agent/desk'],
      ['POST', '/v1/recordations', { ipr_type: 'trademark', title: 'x', organization_id: holder.organization.id }],
      ['GET', `/v1/agents/${agent.organization.id}`],
    ]) {
      const res = await req(method, path, agent, { body });
      assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
      assert.equal(res.body.type, 'urn:iprd:problem:agent-not-approved');
    }
    // Holders neither see it nor can mandate it.
    assert.equal((await req('GET', `/v1/agents/${agent.organization.id}`, holder)).status, 404);
    const listed = await req('GET', '/v1/agents?limit=200', holder);
    assert.ok(!listed.body.items.some((a) => a.id === agent.organization.id));
    const grant = await req('POST', '/v1/mandates', holder, { body: {
      agent_id: agent.organization.id, all_recordations: true, actions: ['submit'], valid_until: shiftDays(today(), 30) } });
    assert.equal(grant.status, 422);
    assert.deepEqual(grant.body.errors.map((e) => e.field), ['agent_id']);
    // The administrator finds it among those pending.
    const pending = await req('GET', '/v1/agents?status=pending', admin);
    const found = pending.body.items.find((a) => a.id === agent.organization.id);
    assert.equal(found.status, 'pending');
    assert.equal(found.licence_number, agent.organization.agent.licence_number);
    assert.ok(pending.body.items.every((a) => a.status === 'pending'));
  });

  test('refused, approved, suspended, approved again: each decision in the history, taking effect at once', async () => {
    const agent = await createAgent(server, admin, { approved: false });
    const noReason = await decide(agent, { outcome: 'refuse' });
    assert.equal(noReason.status, 422);
    assert.deepEqual(noReason.body.errors.map((e) => e.field), ['reason']);
    const refused = await decide(agent, { outcome: 'refuse', reason: 'The licence number is not on the register.' });
    assert.equal(refused.status, 200, refused.text);
    assert.equal(refused.body.status, 'refused');
    assert.equal(refused.body.last_reason, 'The licence number is not on the register.');
    assert.equal((await decide(agent, { outcome: 'suspend', reason: 'x' })).status, 409);
    assert.equal((await req('GET', '/v1/mandates', agent)).status, 403);

    const approved = await decide(agent, { outcome: 'approve' });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.status, 'approved');
    assert.equal(approved.headers.get('etag'), `"${approved.body.version}"`);
    // The same session may act now: the session cache followed the decision.
    assert.equal((await req('GET', '/v1/mandates', agent)).status, 200);
    assert.equal((await req('GET', `/v1/agents/${agent.organization.id}`, agent)).body.status, 'approved');
    assert.equal((await req('GET', `/v1/agents/${cast.agent.organization.id}`, agent)).status, 404);
    assert.equal((await req('GET', `/v1/agents/${agent.organization.id}`, holder)).status, 200);

    const draft = await fileDraft(server, holder);
    await grantMandate(server, holder, agent);
    assert.equal((await req('GET', `/v1/recordations/${draft.id}`, agent)).status, 200);
    const suspended = await decide(agent, { outcome: 'suspend', reason: 'Licence withdrawn.' });
    assert.equal(suspended.status, 200);
    assert.equal((await req('GET', `/v1/recordations/${draft.id}`, agent)).status, 403);
    assert.equal((await req('GET', '/v1/me', agent)).status, 200);
    assert.equal((await decide(agent, { outcome: 'approve' })).status, 200);
    assert.equal((await req('GET', `/v1/recordations/${draft.id}`, agent)).status, 200);

    const stale = await req('POST', `/v1/agents/${agent.organization.id}/decision`, admin,
      { body: { outcome: 'suspend', reason: 'x' }, headers: { 'if-match': '"1"' } });
    assert.equal(stale.status, 412);

    const history = await req('GET', `/v1/agents/${agent.organization.id}/history`, agent);
    assert.equal(history.status, 200);
    assert.deepEqual(history.body.items.map((e) => [e.action, e.from_status, e.to_status]), [
      ['refused', 'pending', 'refused'], ['approved', 'refused', 'approved'], ['suspended', 'approved', 'suspended'],
      ['approved', 'suspended', 'approved']]);
    assert.ok(history.body.items.every((e) => e.actor.role === 'admin' && e.actor.organization === null));
    assert.equal((await req('GET', `/v1/agents/${agent.organization.id}/history`, cast.agent)).status, 404);
  });

  test('the agents a holder may choose: approved ones, page by page', async () => {
    const a = await createAgent(server, admin);
    const b = await createAgent(server, admin);
    const first = await req('GET', '/v1/agents?limit=1', holder);
    assert.equal(first.body.items.length, 1);
    assert.equal(first.body.items[0].id, b.organization.id);
    const second = await req('GET', `/v1/agents?limit=1&cursor=${encodeURIComponent(first.body.next_cursor)}`, holder);
    assert.equal(second.body.items[0].id, a.organization.id);
    const all = await req('GET', '/v1/agents?limit=200', holder);
    assert.ok(all.body.items.every((x) => x.status === 'approved'));
  });
});
