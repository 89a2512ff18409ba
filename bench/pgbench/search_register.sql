-- GET /v1/register?q=: the statements iprd executed for one request (captured from the
-- PostgreSQL log by bench/lib/bench.py capture), with the drawn parameters as variables.
\if :drawn = 0 or random(1, 50) = 1
\set k random(1, :n_draw_word)
SELECT w FROM bench.draw_word WHERE n = :k \gset
\set drawn 1
\endif
SET statement_timeout = 2000;
SELECT n::text FROM register_version;
WITH words AS MATERIALIZED (       SELECT v.word FROM register_vocabulary v        WHERE :w::text IS NOT NULL AND v.word LIKE '%' || lower(:w) || '%'        LIMIT 64 + 1),     narrow AS MATERIALIZED (       SELECT :w::text IS NOT NULL AND count(*) <= 64 AS yes FROM words),     hits AS (       SELECT h.number, h.recordation_id AS id FROM words CROSS JOIN LATERAL (              SELECT x.number, x.recordation_id FROM register_words x               WHERE x.word = words.word AND x.shown_until >= :c3_1::date                 AND (NULL::text IS NULL OR x.number >= NULL AND (x.number, x.recordation_id) > (NULL, NULL::uuid))               ORDER BY x.number LIMIT :c3_5::integer) h        WHERE (SELECT yes FROM narrow)       UNION       (SELECT r.number, r.id FROM recordations r         WHERE NOT (SELECT yes FROM narrow)           AND (NULL::text IS NULL OR r.number >= NULL AND (r.number, r.id) > (NULL, NULL::uuid))           AND r.status = 'approved' AND register_shown_until(r) >= :c3_1::date           AND strpos(r.search_text, lower(:w)) > 0         ORDER BY r.number LIMIT :c3_5::integer)) SELECT api_register_item(r)::text, r.number, r.id   FROM (SELECT * FROM hits ORDER BY number LIMIT :c3_5::integer) h JOIN recordations r ON r.id = h.id  ORDER BY h.number;
