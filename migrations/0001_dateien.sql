CREATE TABLE `artefact_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`artefact_id` integer NOT NULL,
	`version` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`uploaded_by` text,
	`uploader_label` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`artefact_id`) REFERENCES `artefacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `artefact_versions_artefact` ON `artefact_versions` (`artefact_id`);--> statement-breakpoint
CREATE INDEX `artefact_versions_sha256` ON `artefact_versions` (`sha256`);--> statement-breakpoint
CREATE TABLE `artefacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`licence` text NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `artefacts_document` ON `artefacts` (`document_id`);--> statement-breakpoint
CREATE TABLE `reuses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`tenant` text NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reuses_document_tenant` ON `reuses` (`document_id`,`tenant`);--> statement-breakpoint
CREATE INDEX `reuses_tenant` ON `reuses` (`tenant`);