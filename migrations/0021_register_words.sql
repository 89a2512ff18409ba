-- The public register's search index (issue 23): for every recordation in the register
-- (status approved), each word of its search_text with its number, so that a search reads the
-- entries of the words it names in number order and stops at the page size, instead of
-- finding every row with the text (the trigram index on recordations.search_text) and sorting
-- them. `register_vocabulary` holds each word once, with a trigram index: a part of a word
-- ("auror") finds the words that contain it ("aurora"), then their entries.
--
-- A word is a run of ASCII letters and digits, or of characters beyond ASCII, as C's
-- text_longest_word() reads the search's (server/domain/validate.c). Kept by a trigger on
-- recordations, in the transaction that changes the recordation.

-- The words of a search_text (already lower-case), each once.
CREATE FUNCTION register_words_of(search_text text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(search_text, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+') w
     WHERE w <> ''
$$;

-- Every word ever in the register; not removed when its last entry goes (a word without
-- entries costs a search one empty index probe).
CREATE TABLE register_vocabulary (
    word text PRIMARY KEY
);
CREATE INDEX register_vocabulary_search ON register_vocabulary USING gin (word gin_trgm_ops);

-- shown_until: the last day the register shows the recordation (valid_until; none while a
-- renewal is under review: recordation_status_on), so that a search passes over the expired
-- ones in the index alone. Old numbers come first and are the most often expired.
CREATE TABLE register_words (
    word text NOT NULL,
    number text NOT NULL,
    recordation_id uuid NOT NULL,
    shown_until date NOT NULL,
    PRIMARY KEY (word, number) INCLUDE (recordation_id, shown_until)
);

CREATE FUNCTION register_shown_until(r recordations) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN r.renewal_status = 'submitted' THEN 'infinity' ELSE r.valid_until END
$$;

-- Fills both tables from the recordations in the register (this migration; bench/load, which
-- writes its recordations with the triggers off).
CREATE FUNCTION register_words_rebuild() RETURNS void LANGUAGE sql AS $$
    TRUNCATE register_words;
    INSERT INTO register_vocabulary (word)
    SELECT DISTINCT w FROM recordations r, register_words_of(r.search_text) w WHERE r.status = 'approved'
    ON CONFLICT DO NOTHING;
    INSERT INTO register_words (word, number, recordation_id, shown_until)
    SELECT w, r.number, r.id, register_shown_until(r)
      FROM recordations r, register_words_of(r.search_text) w WHERE r.status = 'approved';
$$;
SELECT register_words_rebuild();

-- Kept in the transaction of the change. The triggers' WHEN conditions leave out, without a
-- call, every change the register does not show (a draft filed or edited, a decision other than
-- an approval, a note): the write path pays only for approvals, revocations, cancellations,
-- renewals and expiry dates.
CREATE FUNCTION register_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'approved' THEN
        DELETE FROM register_words x
         WHERE x.number = OLD.number AND x.word IN (SELECT register_words_of(OLD.search_text));
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'approved' THEN
        INSERT INTO register_vocabulary (word) SELECT register_words_of(NEW.search_text) ON CONFLICT DO NOTHING;
        INSERT INTO register_words (word, number, recordation_id, shown_until)
        SELECT w, NEW.number, NEW.id, register_shown_until(NEW) FROM register_words_of(NEW.search_text) w;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER recordations_register_words_insert AFTER INSERT ON recordations
    FOR EACH ROW WHEN (NEW.status = 'approved') EXECUTE FUNCTION register_words_sync();
CREATE TRIGGER recordations_register_words_update
    AFTER UPDATE OF status, number, title, holder_name, goods_scope, registration_number, valid_until, renewal_status
    ON recordations FOR EACH ROW
    WHEN ((OLD.status = 'approved' OR NEW.status = 'approved')
          AND (OLD.status, OLD.number, OLD.search_text, register_shown_until(OLD))
              IS DISTINCT FROM (NEW.status, NEW.number, NEW.search_text, register_shown_until(NEW)))
    EXECUTE FUNCTION register_words_sync();
CREATE TRIGGER recordations_register_words_delete AFTER DELETE ON recordations
    FOR EACH ROW WHEN (OLD.status = 'approved') EXECUTE FUNCTION register_words_sync();
