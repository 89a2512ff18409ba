-- Supporting documents: the evidence attached to a recordation (registration certificate,
-- licence, photos of genuine goods and packaging) or to a pre-confirmation request
-- (licence, authorization letter, contract, invoice).
--
-- Contents are stored once per organization: document_contents is keyed by the owning
-- organization and the file's SHA-256, and each document (a file attached to one record
-- under a kind and a name) points at one. The same power of attorney attached to fifty
-- recordations is stored once; one organization's files are never shared with another's.
-- A content goes with its last document (api/documents.c, in the deleting transaction).
--
-- The bytes are rows of at most 1 MiB (document_chunks), written and read one at a time,
-- so that neither the server nor libpq ever holds a whole 20 MiB file (or its hex escape).

CREATE TABLE document_contents (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
    size bigint NOT NULL CHECK (size > 0),
    chunk_count integer NOT NULL CHECK (chunk_count >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_contents_once UNIQUE (organization_id, sha256)
);

CREATE TABLE document_chunks (
    content_id bigint NOT NULL REFERENCES document_contents (id) ON DELETE CASCADE,
    n integer NOT NULL CHECK (n >= 0),
    data bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 1048576),
    PRIMARY KEY (content_id, n)
);
-- PDFs and images are compressed already: do not spend CPU trying again.
ALTER TABLE document_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- A document hangs off exactly one record: a recordation or a pre-confirmation.
CREATE TABLE documents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    recordation_id uuid REFERENCES recordations (id),
    pre_confirmation_id uuid REFERENCES pre_confirmations (id),
    content_id bigint NOT NULL REFERENCES document_contents (id),
    kind text NOT NULL,
    filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200 AND filename !~ '[/\\[:cntrl:]]'),
    uploaded_by uuid NOT NULL REFERENCES users (id),
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT documents_one_parent CHECK (num_nonnulls(recordation_id, pre_confirmation_id) = 1),
    CONSTRAINT documents_kind CHECK (CASE WHEN recordation_id IS NOT NULL
        THEN kind IN ('registration_certificate', 'licence', 'goods_photo', 'packaging_photo', 'power_of_attorney', 'other')
        ELSE kind IN ('licence', 'authorization_letter', 'contract', 'invoice', 'other') END),
    -- The same file attached twice to one record is one document.
    CONSTRAINT documents_recordation_once UNIQUE (recordation_id, content_id),
    CONSTRAINT documents_pre_confirmation_once UNIQUE (pre_confirmation_id, content_id)
);
CREATE INDEX documents_content ON documents (content_id);

-- The API's representation of a document.
CREATE FUNCTION api_document(d documents) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', d.id, 'kind', d.kind, 'filename', d.filename, 'content_type', c.content_type,
        'size', c.size, 'sha256', c.sha256,
        'uploaded_by', jsonb_build_object('user_id', u.id, 'full_name', u.full_name),
        'uploaded_at', d.uploaded_at)
      FROM document_contents c, users u
     WHERE c.id = d.content_id AND u.id = d.uploaded_by
$$;
