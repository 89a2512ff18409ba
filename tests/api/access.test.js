// The access matrix, generated from the route table (`iprd routes`): every route is called
// as anonymous, admin, headquarters officer, port officer, rights holder, importer and agent
// (approved, with a mandate from the rights holder), and
// the answer must follow the route's declared roles: 401 for anonymous where a token is
// needed, 403 for a role the route does not allow, neither for a role it allows. The
// declared roles must also be those of the API document's x-roles, so a route added
// without an access rule, or with one the contract does not state, fails here.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from './lib/harness.js';
import { setupRegistry, login } from './lib/fixtures.js';
import { operationRoles } from './lib/openapi.js';

const ROLES = ['anonymous', 'admin', 'hq_officer', 'port_officer', 'rights_holder', 'importer', 'agent'];
const routes = JSON.parse(execFileSync(process.env.IPR_TEST_BIN, ['routes'], { encoding: 'utf8' }));

function concrete(path) {
  return path
    .replaceAll('{date}', '2031-01-06')
    .replaceAll('{code}', 'CNSHA') // the port officer's own office
    .replaceAll('{list}', '0') // a status list's number
    .replaceAll('{seq}', '0') // a log leaf's number
    .replace(/\{[a-z_]*id\}/g, '00000000-0000-4000-8000-000000000000');
}

describe('access matrix', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const actors = { admin: cast.admin, hq_officer: cast.hq, port_officer: cast.port,
    rights_holder: cast.holder, importer: cast.importer, agent: cast.agent };
  test.after(() => server.stop());

  test('every route declares who may call it, as the API document says', () => {
    for (const r of routes) {
      assert.ok(r.roles.length > 0, `${r.method} ${r.path} has no access rule`);
      const documented = operationRoles(r.method, r.path);
      assert.ok(documented, `${r.method} ${r.path} is not in the API document`);
      assert.deepEqual([...r.roles].sort(), [...documented].sort(), `${r.method} ${r.path}: roles differ from x-roles`);
    }
  });

  for (const r of routes) {
    test(`${r.method} ${r.path}`, async () => {
      for (const role of ROLES) {
        let token;
        if (role !== 'anonymous') {
          // Logging out must not end the session the other calls use.
          token = r.path === '/v1/sessions/current' ? (await login(server, actors[role].email)).token : actors[role].token;
        }
        const body = ['POST', 'PUT', 'PATCH'].includes(r.method) && !r.path.includes('/documents') ? {} : undefined;
        const res = await server.request(r.method, concrete(r.path), { token, body });
        const allowed = r.roles.includes(role);
        if (!allowed && role === 'anonymous') {
          assert.equal(res.status, 401, `anonymous ${r.method} ${r.path}`);
          assert.match(res.headers.get('www-authenticate') || '', /^Bearer/);
        } else if (!allowed) {
          assert.equal(res.status, 403, `${role} ${r.method} ${r.path}: ${res.text}`);
        } else {
          assert.ok(![401, 403].includes(res.status), `${role} may call ${r.method} ${r.path} but got ${res.status}: ${res.text}`);
          assert.ok(res.status < 500, `${role} ${r.method} ${r.path}: ${res.status} ${res.text}`);
        }
      }
    });
  }
});
