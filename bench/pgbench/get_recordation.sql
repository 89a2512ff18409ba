-- GET /v1/recordations/{id}: the statements iprd executed for one request (captured from the
-- PostgreSQL log by bench/lib/bench.py capture), with the drawn parameters as variables.
\if :drawn = 0 or random(1, 50) = 1
\set k random(1, :n_draw_get)
SELECT id FROM bench.draw_get WHERE n = :k \gset
\set drawn 1
\endif
SELECT api_recordation(r, :c1_3::date)::text, r.version, (r.due_on IS NOT NULL OR r.renewal_status IS NOT DISTINCT FROM 'submitted') FROM recordations r WHERE r.id = :id::uuid AND (NULL::uuid IS NULL OR r.organization_id = NULL::uuid                     OR mandate_permits(NULL::uuid, r.organization_id, r.id, NULL, :c1_3::date));
