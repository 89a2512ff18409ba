-- Certificates: every approved recordation and every confirmed pre-confirmation gets a
-- W3C Verifiable Credential signed by the registry (api/certificates.c), issued in the
-- transaction of the decision and again on renewal. The credential is kept as the text
-- that was signed, so that what the registry serves is exactly that.
--
-- signing_keys lists every key the registry has signed with (each daemon adds its own at
-- start-up): its DID document publishes them all, so that a certificate signed before a key
-- rotation still verifies after it.

CREATE TABLE signing_keys (
    multikey text PRIMARY KEY CHECK (multikey ~ '^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$'),
    first_used_at timestamptz NOT NULL DEFAULT now()
);

-- The status list index of a record: one per record (a renewal's credential keeps it), the
-- position of its bit in the registry's Bitstring Status Lists (131,072 per list).
CREATE SEQUENCE certificate_status_index MINVALUE 0 START WITH 0;

CREATE TABLE certificates (
    id uuid PRIMARY KEY,                       -- the credential's id: urn:uuid:<id>
    recordation_id uuid REFERENCES recordations (id),
    pre_confirmation_id uuid REFERENCES pre_confirmations (id),
    status_index bigint NOT NULL CHECK (status_index >= 0),
    issued_at timestamptz NOT NULL DEFAULT now(),
    verification_method text NOT NULL,
    credential text NOT NULL CHECK (length(credential) BETWEEN 2 AND 1000000),
    CONSTRAINT certificates_one_subject CHECK (num_nonnulls(recordation_id, pre_confirmation_id) = 1)
);
CREATE INDEX certificates_recordation ON certificates (recordation_id, issued_at DESC)
    WHERE recordation_id IS NOT NULL;
CREATE INDEX certificates_pre_confirmation ON certificates (pre_confirmation_id, issued_at DESC)
    WHERE pre_confirmation_id IS NOT NULL;
CREATE INDEX certificates_status_index ON certificates (status_index);

-- An instant as the credentials write it: UTC, to the second ("2026-12-02T08:30:00Z").
CREATE FUNCTION vc_instant(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- The credentialStatus of a record's status index, under the registry's address.
CREATE FUNCTION vc_status_entry(base text, idx bigint) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('id', base || '/v1/status-lists/' || (idx / 131072) || '#' || (idx % 131072),
        'type', 'BitstringStatusListEntry', 'statusPurpose', 'revocation',
        'statusListIndex', (idx % 131072)::text,
        'statusListCredential', base || '/v1/status-lists/' || (idx / 131072))
$$;

-- The signed status lists (W3C Bitstring Status List): list N holds the bits of status
-- indexes N * 131072 to N * 131072 + 131071. A bit is set when the record it stands for no
-- longer protects anything (revoked, cancelled or expired; computed when the list is asked
-- for), and the list is signed again whenever its bits differ from the ones kept here.
CREATE TABLE status_lists (
    list bigint PRIMARY KEY CHECK (list >= 0),
    bits_sha256 text NOT NULL CHECK (bits_sha256 ~ '^[0-9a-f]{64}$'),
    credential text NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now()
);
