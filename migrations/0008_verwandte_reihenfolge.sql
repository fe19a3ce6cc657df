ALTER TABLE `related_stamps` ADD `ranked` text;--> statement-breakpoint
-- ── Hand-written data migration (keep when regenerating) ─────────────────────────────────
-- Each Beitrag's computed related list, best first, in the one row the Beitrag page reads.
UPDATE `related_stamps` SET `ranked` = (
  SELECT group_concat(`related_id`, ' ' ORDER BY `score` DESC, `related_id` DESC)
  FROM `related_documents` WHERE `related_documents`.`document_id` = `related_stamps`.`document_id`
);
