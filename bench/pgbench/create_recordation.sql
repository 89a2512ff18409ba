-- POST /v1/recordations: the statements iprd executed for one request (captured from the
-- PostgreSQL log by bench/lib/bench.py capture), with the drawn parameters as variables.
\if :drawn = 0 or random(1, 50) = 1
\set k random(1, :n_draw_holder)
SELECT org, usr FROM bench.draw_holder WHERE n = :k \gset
\set drawn 1
\endif
WITH n AS (INSERT INTO recordations (organization_id, holder_name, ipr_type, title, registration_number, registration_authority, right_expires_on, classes, goods_scope, hs_codes, licensing_status, description, genuine_manufacturers, main_ports, known_infringers)           SELECT o.id, o.name, p->>'ipr_type', p->>'title', p->>'registration_number', p->>'registration_authority', (p->>'right_expires_on')::date, recordation_class_array(p->'classes'), p->>'goods_scope', recordation_text_array(p->'hs_codes'), p->>'licensing_status', p->>'description', recordation_parties(p->'genuine_manufacturers'), recordation_text_array(p->'main_ports'), recordation_parties(p->'known_infringers')             FROM organizations o, (SELECT :c1_2::jsonb AS p) input WHERE o.id = :org::uuid           RETURNING id, status, version, api_recordation(recordations, :c1_4::date)::text AS body,                     (recordations.due_on IS NOT NULL OR recordations.renewal_status IS NOT DISTINCT FROM 'submitted') AS clock),     e AS (INSERT INTO recordation_events (recordation_id, actor_user_id, action, to_status)           SELECT n.id, :usr::uuid, 'created', n.status FROM n) SELECT n.body, n.version, n.clock FROM n;
