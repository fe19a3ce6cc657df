CREATE TABLE `related_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
-- ── Hand-written (keep when regenerating) ────────────────────────────────────────────────
-- The version moves with everything the related lists on Beitrag pages show or are filtered by:
-- the server keeps lists and candidate rows in memory until it moves (src/lib/related/read.ts).
INSERT INTO `related_version` (`id`, `version`) VALUES (1, 0);--> statement-breakpoint
CREATE TRIGGER `related_version_document_insert` AFTER INSERT ON `documents`
BEGIN UPDATE `related_version` SET `version` = `version` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `related_version_document_update` AFTER UPDATE OF `tenant`, `type`, `slug`, `status`, `visibility`, `title`, `live_revision_id` ON `documents`
BEGIN UPDATE `related_version` SET `version` = `version` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `related_version_document_delete` AFTER DELETE ON `documents`
BEGIN UPDATE `related_version` SET `version` = `version` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `related_version_list_insert` AFTER INSERT ON `related_stamps`
BEGIN UPDATE `related_version` SET `version` = `version` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `related_version_list_update` AFTER UPDATE OF `ranked` ON `related_stamps`
BEGIN UPDATE `related_version` SET `version` = `version` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `related_version_list_delete` AFTER DELETE ON `related_stamps`
BEGIN UPDATE `related_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
