-- POST /v1/sessions: the statements iprd executed for one request (captured from the
-- PostgreSQL log by bench/lib/bench.py capture), with the drawn parameters as variables.
\set k random(1, :n_draw_login)
SELECT email, usr, md5(random()::text) || md5(random()::text) AS token_hash FROM bench.draw_login WHERE n = :k \gset
SELECT u.id, u.role, coalesce(u.organization_id::text, ''), coalesce(u.office_id::text, ''), coalesce(f.code, ''), coalesce(g.registration_number, ''), coalesce((SELECT a.status <> 'approved' FROM agent_registrations a WHERE a.organization_id = u.organization_id), false), u.password_hash,       CASE WHEN u.id IS NOT NULL THEN api_user(u)::text END, k.email  FROM (SELECT lower(:email) AS email) k  LEFT JOIN users u ON lower(u.email) = k.email AND u.disabled_at IS NULL  LEFT JOIN customs_offices f ON f.id = u.office_id  LEFT JOIN organizations g ON g.id = u.organization_id;
INSERT INTO sessions (user_id, token_hash, expires_at, client_ip) VALUES (:usr, :token_hash, now() + make_interval(secs => :c2_3::int), nullif(:c2_4, '')::inet) RETURNING id, extract(epoch FROM expires_at)::bigint;
