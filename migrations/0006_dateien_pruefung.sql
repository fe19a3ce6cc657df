-- drizzle-kit leaves ON DELETE out of ALTER TABLE ... REFERENCES; it is added by hand (as in the schema),
-- so deleting an account or a revision never fails on these references.
ALTER TABLE `artefact_versions` ADD `state` text DEFAULT 'freigegeben' NOT NULL;--> statement-breakpoint
ALTER TABLE `artefact_versions` ADD `removal_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `artefact_versions` ADD `removal_requested_by` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `artefact_versions` ADD `revision_id` integer REFERENCES revisions(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `artefact_versions` ADD `pending_meta` text;--> statement-breakpoint
ALTER TABLE `artefacts` ADD `removal_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `artefacts` ADD `removal_requested_by` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `revisions` ADD `files` text;--> statement-breakpoint
-- ── Hand-written data migration (keep when regenerating) ─────────────────────────────────
-- Existing files are approved: the column defaults above already mark every version
-- 'freigegeben' and nothing as pending removal. Here the live and the newest revision of each
-- Beitrag get the list of files they carry (the current version of each file), so revision
-- comparisons show files from now on. Older revisions keep NULL ("not recorded").
UPDATE `revisions` SET `files` = (
  SELECT json_group_array(json(entry)) FROM (
    SELECT json_object(
      'artefactId', a.id, 'title', a.title, 'description', a.description, 'licence', a.licence,
      'versionId', v.id, 'version', v.version, 'fileName', v.file_name, 'kind', v.kind, 'size', v.size, 'sha256', v.sha256
    ) AS entry
    FROM `artefacts` a
    JOIN `artefact_versions` v ON v.id = (
      SELECT w.id FROM `artefact_versions` w WHERE w.artefact_id = a.id ORDER BY w.created_at DESC, w.id DESC LIMIT 1
    )
    WHERE a.document_id = `revisions`.document_id
    ORDER BY a.created_at, a.id
  )
)
WHERE `id` IN (SELECT `live_revision_id` FROM `documents` UNION SELECT `latest_revision_id` FROM `documents`);
