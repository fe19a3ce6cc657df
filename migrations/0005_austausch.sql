CREATE TABLE `answer_links` (
	`answer_id` integer NOT NULL,
	`document_id` integer NOT NULL,
	PRIMARY KEY(`answer_id`, `document_id`),
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_links_document` ON `answer_links` (`document_id`);--> statement-breakpoint
CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question_id` integer NOT NULL,
	`tenant` text NOT NULL,
	`body_md` text NOT NULL,
	`html` text NOT NULL,
	`author_id` text,
	`author_label` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`edited_at` text,
	`submit_key` text,
	`hidden_at` text,
	`hidden_by` text,
	`hidden_reason` text,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `answers_question` ON `answers` (`question_id`,`id`);--> statement-breakpoint
CREATE INDEX `answers_tenant` ON `answers` (`tenant`);--> statement-breakpoint
CREATE INDEX `answers_author` ON `answers` (`author_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `answers_submit_key` ON `answers` (`submit_key`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`tenant` text NOT NULL,
	`body_md` text NOT NULL,
	`html` text NOT NULL,
	`author_id` text,
	`author_label` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`edited_at` text,
	`submit_key` text,
	`hidden_at` text,
	`hidden_by` text,
	`hidden_reason` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `comments_document` ON `comments` (`document_id`,`id`);--> statement-breakpoint
CREATE INDEX `comments_author` ON `comments` (`author_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `comments_submit_key` ON `comments` (`submit_key`);--> statement-breakpoint
CREATE TABLE `contact_offers` (
	`user_id` text PRIMARY KEY NOT NULL,
	`topics` text DEFAULT '[]' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `exchange_edits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer NOT NULL,
	`title` text,
	`body_md` text NOT NULL,
	`html` text NOT NULL,
	`written_at` text NOT NULL,
	`editor_id` text,
	`editor_label` text NOT NULL,
	`replaced_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `exchange_edits_item` ON `exchange_edits` (`kind`,`item_id`,`id`);--> statement-breakpoint
CREATE INDEX `exchange_edits_editor` ON `exchange_edits` (`editor_id`);--> statement-breakpoint
CREATE TABLE `exchange_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer NOT NULL,
	`tenant` text NOT NULL,
	`reason` text NOT NULL,
	`reporter_id` text,
	`reporter_label` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `exchange_reports_open` ON `exchange_reports` (`tenant`,`resolved_at`,`id`);--> statement-breakpoint
CREATE INDEX `exchange_reports_item` ON `exchange_reports` (`kind`,`item_id`);--> statement-breakpoint
CREATE TABLE `question_tags` (
	`question_id` integer NOT NULL,
	`tag` text NOT NULL,
	`key` text NOT NULL,
	PRIMARY KEY(`question_id`, `tag`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `question_tags_key` ON `question_tags` (`key`,`question_id`);--> statement-breakpoint
CREATE TABLE `question_topics` (
	`question_id` integer NOT NULL,
	`topic` text NOT NULL,
	PRIMARY KEY(`question_id`, `topic`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `question_topics_topic` ON `question_topics` (`topic`,`question_id`);--> statement-breakpoint
CREATE TABLE `questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant` text NOT NULL,
	`visibility` text NOT NULL,
	`title` text NOT NULL,
	`body_md` text NOT NULL,
	`html` text NOT NULL,
	`author_id` text,
	`author_label` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`edited_at` text,
	`helpful_answer_id` integer,
	`answered_at` text,
	`submit_key` text,
	`hidden_at` text,
	`hidden_by` text,
	`hidden_reason` text,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `questions_listing` ON `questions` (`hidden_at`,`visibility`,`created_at`);--> statement-breakpoint
CREATE INDEX `questions_tenant` ON `questions` (`tenant`,`created_at`);--> statement-breakpoint
CREATE INDEX `questions_author` ON `questions` (`author_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `questions_submit_key` ON `questions` (`submit_key`);--> statement-breakpoint
CREATE TABLE `related_documents` (
	`document_id` integer NOT NULL,
	`related_id` integer NOT NULL,
	`score` integer NOT NULL,
	PRIMARY KEY(`document_id`, `related_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`related_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `related_documents_best` ON `related_documents` (`document_id`,`score`,`related_id`);--> statement-breakpoint
CREATE TABLE `related_stamps` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`text_revision_id` integer,
	`list_revision_id` integer,
	`computed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `document_tags` ADD `group_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `document_tags_group` ON `document_tags` (`group_key`,`document_id`);--> statement-breakpoint
-- ── Hand-written (not generated by drizzle-kit): the text index of related Beiträge ──
-- An FTS5 table with BM25 ranking over the live text of each published Beitrag (rowid =
-- documents.id), kept by src/lib/related. Contentless: it stores only the index, not a second
-- copy of the texts; contentless_delete lets a Beitrag's row be replaced. Existing
-- installations fill it (and document_tags) in the background after the upgrade.
CREATE VIRTUAL TABLE `related_text` USING fts5(title, summary, body, tags, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
-- How many Beiträge contain each word (words in most Beiträge are left out of the queries).
CREATE VIRTUAL TABLE `related_vocab` USING fts5vocab(`related_text`, 'row');
