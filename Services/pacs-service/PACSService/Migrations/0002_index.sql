-- The archive's index: one row per patient, study, series and instance, with the attributes
-- QIDO-RS matches as typed columns (dates as dates, person names with a case- and
-- accent-folded key and its words for fuzzy matching), maintained counts, and each
-- instance's DICOM JSON (without bulk data; BulkDataURIs relative to the DICOMweb root).

CREATE TABLE patients (
    pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id text NOT NULL,
    issuer text NOT NULL DEFAULT '',
    study_count integer NOT NULL DEFAULT 0,
    UNIQUE (patient_id, issuer)
);

CREATE TABLE studies (
    pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_pk bigint NOT NULL REFERENCES patients (pk),
    study_uid text NOT NULL UNIQUE,
    patient_id text NOT NULL DEFAULT '',
    patient_name text NOT NULL DEFAULT '',
    patient_name_key text NOT NULL DEFAULT '',
    patient_name_words text[] NOT NULL DEFAULT '{}',
    patient_birth_date date,
    patient_sex text NOT NULL DEFAULT '',
    study_date date,
    study_time time,
    accession_number text NOT NULL DEFAULT '',
    study_id text NOT NULL DEFAULT '',
    study_description text NOT NULL DEFAULT '',
    referring_physician_name text NOT NULL DEFAULT '',
    referring_physician_key text NOT NULL DEFAULT '',
    referring_physician_words text[] NOT NULL DEFAULT '{}',
    modalities text[] NOT NULL DEFAULT '{}',
    series_count integer NOT NULL DEFAULT 0,
    instance_count integer NOT NULL DEFAULT 0,
    attributes jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX studies_patient_pk ON studies (patient_pk);
CREATE INDEX studies_study_date ON studies (study_date, study_time);
CREATE INDEX studies_patient_name_key ON studies (patient_name_key text_pattern_ops);
CREATE INDEX studies_patient_id ON studies (patient_id);
CREATE INDEX studies_accession_number ON studies (accession_number);
CREATE INDEX studies_modalities ON studies USING gin (modalities);
CREATE INDEX studies_patient_name_words ON studies USING gin (patient_name_words);

CREATE TABLE series (
    pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study_pk bigint NOT NULL REFERENCES studies (pk) ON DELETE CASCADE,
    series_uid text NOT NULL UNIQUE,
    modality text NOT NULL DEFAULT '',
    series_number integer,
    series_description text NOT NULL DEFAULT '',
    body_part text NOT NULL DEFAULT '',
    performed_start_date date,
    performed_start_time time,
    instance_count integer NOT NULL DEFAULT 0,
    attributes jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX series_study_pk ON series (study_pk, series_number);
CREATE INDEX series_modality ON series (modality);

CREATE TABLE instances (
    pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series_pk bigint NOT NULL REFERENCES series (pk) ON DELETE CASCADE,
    sop_uid text NOT NULL UNIQUE,
    sop_class_uid text NOT NULL,
    instance_number integer,
    number_of_frames integer,
    rows integer,
    columns integer,
    bits_allocated integer,
    transfer_syntax_uid text NOT NULL,
    blob_key text NOT NULL UNIQUE,
    blob_size bigint NOT NULL,
    sha256 text NOT NULL,
    metadata text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX instances_series_pk ON instances (series_pk, instance_number);
CREATE INDEX instances_sop_class_uid ON instances (sop_class_uid);
