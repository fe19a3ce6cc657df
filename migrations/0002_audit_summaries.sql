ALTER TABLE `audit_log` ADD `count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `last_at` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `summary_key` text;--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_summary_key` ON `audit_log` (`summary_key`);