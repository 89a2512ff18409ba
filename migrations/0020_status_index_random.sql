-- Status list indexes drawn at random (W3C Bitstring Status List, "herd privacy": the spec
-- advises against handing them out in order, which would tell when a certificate was issued
-- and which ones were issued beside it). A record's index is drawn from the list being filled,
-- uniformly among that list's 131,072 positions, and kept once taken (status_indexes: unique
-- in the registry). A list is filled to half (65,536 records) before the next one is used:
-- certificate_status_index now counts the indexes taken (nextval / 65,536 is the list), and a
-- draw that finds its position taken draws again (at most half of them are: a draw succeeds
-- with a chance of one in two or better).

CREATE TABLE status_indexes (
    status_index bigint PRIMARY KEY CHECK (status_index >= 0)
);
-- The indexes handed out in order before: the sequence counted them, so each list is still
-- at most half full when draws begin in it.
INSERT INTO status_indexes SELECT DISTINCT status_index FROM certificates;

CREATE FUNCTION status_index_take() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    list bigint := nextval('certificate_status_index') / 65536;
    pick bigint;
BEGIN
    LOOP
        pick := list * 131072 + floor(random() * 131072)::bigint;
        INSERT INTO status_indexes VALUES (pick) ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN pick;
        END IF;
    END LOOP;
END
$$;
