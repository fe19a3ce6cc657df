import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Tenants live in tenants/*.json; tables store their slug.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  disabledAt: text('disabled_at'),
  createdAt: text('created_at').notNull().default(now),
});

export const memberships = sqliteTable(
  'memberships',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tenant: text('tenant').notNull(),
    role: text('role', { enum: ['mitarbeiter', 'redakteur', 'admin'] }).notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenant] }), index('memberships_tenant').on(t.tenant)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the token, hex; the token itself is never stored. */
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    absoluteExpiresAt: integer('absolute_expires_at').notNull(),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const invitations = sqliteTable('invitations', {
  /** SHA-256 of the invitation token, hex. */
  id: text('id').primaryKey(),
  email: text('email').notNull(),
  tenant: text('tenant').notNull(),
  role: text('role', { enum: ['mitarbeiter', 'redakteur', 'admin'] }).notNull(),
  invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: integer('window_start').notNull(),
  lockedUntil: integer('locked_until').notNull().default(0),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull().default(now),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    tenant: text('tenant'),
    action: text('action').notNull(),
    object: text('object').notNull().default(''),
    ip: text('ip').notNull().default(''),
    detail: text('detail').notNull().default(''),
    /** How many events this row stands for: refused sign-ins are summarised per window (audit/summary.ts). */
    count: integer('count').notNull().default(1),
    /** Time of the last event a summary row stands for; null for single events. */
    lastAt: text('last_at'),
    /** Identifies a summary row (window, action, address, account); null for single events. */
    summaryKey: text('summary_key'),
  },
  (t) => [index('audit_tenant_id').on(t.tenant, t.id), index('audit_at').on(t.at), uniqueIndex('audit_summary_key').on(t.summaryKey)],
);

export const DOCUMENT_TYPES = ['erfahrungsbericht', 'projektbericht', 'artefakt', 'leitfaden'] as const;
export const VISIBILITIES = ['oeffentlich', 'intern', 'kommune'] as const;
export const DOCUMENT_STATUSES = ['entwurf', 'in_pruefung', 'veroeffentlicht', 'archiviert'] as const;
export const REVISION_STATUSES = ['entwurf', 'in_pruefung', 'zurueckgegeben', 'veroeffentlicht', 'abgeloest'] as const;

/**
 * A Beitrag. Listing columns (title, summary, visibility, dates) mirror the live
 * revision once one is published, so lists never join revisions.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenant: text('tenant').notNull(),
    type: text('type', { enum: DOCUMENT_TYPES }).notNull(),
    slug: text('slug').notNull(),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull(),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    stand: text('stand').notNull(),
    reviewDue: text('review_due'),
    liveRevisionId: integer('live_revision_id'),
    latestRevisionId: integer('latest_revision_id'),
    /** 'web' or 'content' (loaded from content/, read-only in the editor). */
    source: text('source', { enum: ['web', 'content'] }).notNull().default('web'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull().default(now),
    publishedAt: text('published_at'),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('documents_tenant_slug').on(t.tenant, t.slug),
    index('documents_listing').on(t.status, t.visibility, t.publishedAt),
    index('documents_tenant_listing').on(t.tenant, t.status, t.publishedAt),
    index('documents_type_listing').on(t.type, t.status, t.publishedAt),
  ],
);

export const documentTopics = sqliteTable(
  'document_topics',
  {
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    topic: text('topic').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.topic] }), index('document_topics_topic').on(t.topic, t.documentId)],
);

/** Earlier slugs of a Beitrag, so old links redirect after a title change. */
export const documentSlugs = sqliteTable(
  'document_slugs',
  {
    tenant: text('tenant').notNull(),
    slug: text('slug').notNull(),
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.tenant, t.slug] })],
);

export const revisions = sqliteTable(
  'revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    /** The revision this one was edited from; used to refuse saving over a newer one. */
    baseRevisionId: integer('base_revision_id'),
    status: text('status', { enum: REVISION_STATUSES }).notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    createdAt: text('created_at').notNull().default(now),
    note: text('note').notNull().default(''),
    /** All form fields of the Beitrag (title, summary, topics, structured fields, ...) as JSON. */
    data: text('data').notNull(),
    bodyMd: text('body_md').notNull(),
    /** Sanitised HTML of body and structured fields, rendered at save time. */
    html: text('html').notNull(),
    reviewerId: text('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: text('reviewed_at'),
    reviewComment: text('review_comment'),
  },
  (t) => [uniqueIndex('revisions_document_number').on(t.documentId, t.number), index('revisions_status').on(t.status)],
);

// ── Files (Artefakte) and Nachnutzung (issue 5) ─────────────────────────────
// A file attached to a Beitrag is an "artefact"; each upload of it is a version whose
// bytes live in <dataDir>/files under their SHA-256. Blobs are shared between versions
// with identical content and removed from disk once no version references them.

export const artefacts = sqliteTable(
  'artefacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    licence: text('licence').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [index('artefacts_document').on(t.documentId)],
);

export const artefactVersions = sqliteTable(
  'artefact_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    artefactId: integer('artefact_id').notNull().references(() => artefacts.id, { onDelete: 'cascade' }),
    /** Free version label given by the editor, e.g. "1.2" or "2025-03". */
    version: text('version').notNull(),
    /** Hex SHA-256 of the content; also the blob's file name. */
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** Key of the allowlist in src/lib/files/types.ts (pdf, docx, ...). */
    kind: text('kind').notNull(),
    /** The uploaded name, cleaned; only ever used as metadata and in Content-Disposition. */
    fileName: text('file_name').notNull(),
    uploadedBy: text('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    uploaderLabel: text('uploader_label').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('artefact_versions_artefact').on(t.artefactId), index('artefact_versions_sha256').on(t.sha256)],
);

export const REUSE_STATUSES = ['interessiert', 'in_umsetzung', 'uebernommen'] as const;

/** Nachnutzung: one record per Beitrag and reusing Kommune. */
export const reuses = sqliteTable(
  'reuses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    tenant: text('tenant').notNull(),
    status: text('status', { enum: REUSE_STATUSES }).notNull(),
    note: text('note').notNull().default(''),
    contact: text('contact').notNull().default(''),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('reuses_document_tenant').on(t.documentId, t.tenant), index('reuses_tenant').on(t.tenant)],
);

// ── Interfaces: API tokens, tags, council papers ─────────────────────────────

/**
 * Personal API tokens. Like sessions, only the SHA-256 of the token is stored; the token
 * itself is shown once when it is created. Revoked tokens keep their row (with the date)
 * so the person's data export and the account page can still name them.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    /** SHA-256 of the token, hex. */
    id: text('id').primaryKey(),
    /** First 16 hex characters of the hash: names the token in forms and the audit log. */
    publicId: text('public_id').notNull().unique(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    /** Day granularity: a write per request would empty every cache. */
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_tokens_user').on(t.userId)],
);

/** The tags of a Beitrag's listed revision (mirrored like its topics), for the tag filter and tag counts. */
export const documentTags = sqliteTable(
  'document_tags',
  {
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    /** The tag folded for matching (see tagKey in documents/tags.ts). */
    key: text('key').notNull(),
    /** The spelling group (tags/normalise.ts: Tablet = Tablets): tag pages, Wer kann helfen? and related Beiträge use it. */
    groupKey: text('group_key').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.key] }), index('document_tags_key').on(t.key, t.documentId), index('document_tags_group').on(t.groupKey, t.documentId)],
);

/**
 * What the hub fetched once from an OParl server about a council paper, keyed by the
 * paper's URL. No row: not fetched yet. A failed fetch keeps its row, so it is not retried
 * on every change; the Beitrag still shows the number and the link.
 */
export const councilPapers = sqliteTable('council_papers', {
  url: text('url').primaryKey(),
  status: text('status', { enum: ['ok', 'failed'] }).notNull(),
  name: text('name'),
  reference: text('reference'),
  date: text('date'),
  body: text('body'),
  /** The paper's HTML page in the council information system, if the server names one. */
  web: text('web'),
  error: text('error'),
  fetchedAt: text('fetched_at').notNull().default(now),
});

// ── Austausch: questions, answers, comments, tags, related Beiträge ─────────
// Texts are never deleted: authors edit within 24 h (the previous text goes into
// exchange_edits), moderators hide with a reason and may show again. Authors are kept as
// a label too, so a deleted account's texts stay attributed to "ehemaliges Konto".

const moderation = {
  hiddenAt: text('hidden_at'),
  hiddenBy: text('hidden_by').references(() => users.id, { onDelete: 'set null' }),
  hiddenReason: text('hidden_reason'),
};

/** A question to the network, asked for one Kommune. */
export const questions = sqliteTable(
  'questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenant: text('tenant').notNull(),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull(),
    title: text('title').notNull(),
    bodyMd: text('body_md').notNull(),
    /** Sanitised HTML, rendered when saved. */
    html: text('html').notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    createdAt: text('created_at').notNull().default(now),
    editedAt: text('edited_at'),
    /** The answer the asker (or an admin of the Kommune) marked as helpful. */
    helpfulAnswerId: integer('helpful_answer_id'),
    answeredAt: text('answered_at'),
    /** Idempotency: a hash of author, form token and text; a double submit finds the first row. */
    submitKey: text('submit_key'),
    ...moderation,
  },
  (t) => [
    index('questions_listing').on(t.hiddenAt, t.visibility, t.createdAt),
    index('questions_tenant').on(t.tenant, t.createdAt),
    index('questions_author').on(t.authorId, t.createdAt),
    uniqueIndex('questions_submit_key').on(t.submitKey),
  ],
);

export const questionTopics = sqliteTable(
  'question_topics',
  {
    questionId: integer('question_id').notNull().references(() => questions.id, { onDelete: 'cascade' }),
    topic: text('topic').notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.topic] }), index('question_topics_topic').on(t.topic, t.questionId)],
);

export const questionTags = sqliteTable(
  'question_tags',
  {
    questionId: integer('question_id').notNull().references(() => questions.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    key: text('key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.tag] }), index('question_tags_key').on(t.key, t.questionId)],
);

/** An answer; it speaks for the Kommune the author chose among their memberships. */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id').notNull().references(() => questions.id, { onDelete: 'cascade' }),
    tenant: text('tenant').notNull(),
    bodyMd: text('body_md').notNull(),
    html: text('html').notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    createdAt: text('created_at').notNull().default(now),
    editedAt: text('edited_at'),
    submitKey: text('submit_key'),
    ...moderation,
  },
  (t) => [
    index('answers_question').on(t.questionId, t.id),
    index('answers_tenant').on(t.tenant),
    index('answers_author').on(t.authorId, t.createdAt),
    uniqueIndex('answers_submit_key').on(t.submitKey),
  ],
);

/** Beiträge an answer points to ("erwähnt in Frage …" on the Beitrag). */
export const answerLinks = sqliteTable(
  'answer_links',
  {
    answerId: integer('answer_id').notNull().references(() => answers.id, { onDelete: 'cascade' }),
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.answerId, t.documentId] }), index('answer_links_document').on(t.documentId)],
);

/** A comment on a Beitrag, for signed-in staff who may read the Beitrag. */
export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    /** The author's Kommune when writing (shown next to the name). */
    tenant: text('tenant').notNull(),
    bodyMd: text('body_md').notNull(),
    html: text('html').notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    createdAt: text('created_at').notNull().default(now),
    editedAt: text('edited_at'),
    submitKey: text('submit_key'),
    ...moderation,
  },
  (t) => [
    index('comments_document').on(t.documentId, t.id),
    index('comments_author').on(t.authorId, t.createdAt),
    uniqueIndex('comments_submit_key').on(t.submitKey),
  ],
);

export const EXCHANGE_KINDS = ['frage', 'antwort', 'kommentar'] as const;

/** The text an edit replaced: every earlier version of a question, answer or comment. */
export const exchangeEdits = sqliteTable(
  'exchange_edits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: EXCHANGE_KINDS }).notNull(),
    itemId: integer('item_id').notNull(),
    title: text('title'),
    bodyMd: text('body_md').notNull(),
    html: text('html').notNull(),
    /** When the replaced text had been written. */
    writtenAt: text('written_at').notNull(),
    editorId: text('editor_id').references(() => users.id, { onDelete: 'set null' }),
    editorLabel: text('editor_label').notNull(),
    replacedAt: text('replaced_at').notNull().default(now),
  },
  (t) => [index('exchange_edits_item').on(t.kind, t.itemId, t.id), index('exchange_edits_editor').on(t.editorId)],
);

/** A report of an answer or comment (or question) to the moderators of its Kommune. */
export const exchangeReports = sqliteTable(
  'exchange_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: EXCHANGE_KINDS }).notNull(),
    itemId: integer('item_id').notNull(),
    /** The Kommune whose admins moderate the item. */
    tenant: text('tenant').notNull(),
    reason: text('reason').notNull(),
    reporterId: text('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    reporterLabel: text('reporter_label').notNull(),
    createdAt: text('created_at').notNull().default(now),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('exchange_reports_open').on(t.tenant, t.resolvedAt, t.id), index('exchange_reports_item').on(t.kind, t.itemId)],
);

/** "Ich bin Ansprechpartner:in für …": a person's opt-in to be named in "Wer kann helfen?". */
export const contactOffers = sqliteTable('contact_offers', {
  userId: text('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  /** Themenfelder as a JSON array of topic keys. */
  topics: text('topics').notNull().default('[]'),
  /** Tags as typed, JSON array. */
  tags: text('tags').notNull().default('[]'),
  note: text('note').notNull().default(''),
  updatedAt: text('updated_at').notNull().default(now),
});

/**
 * Related Beiträge, computed off the request path (src/lib/related): up to 40 candidates per
 * Beitrag, best first; the Beitrag page filters them by the reader's visibility.
 */
export const relatedDocuments = sqliteTable(
  'related_documents',
  {
    documentId: integer('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    relatedId: integer('related_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    score: integer('score').notNull(),
  },
  // Covering: the Beitrag page reads its best candidates from the index alone.
  (t) => [primaryKey({ columns: [t.documentId, t.relatedId] }), index('related_documents_best').on(t.documentId, t.score, t.relatedId)],
);

/**
 * Which live revision a Beitrag's row in the text index and its related list were computed
 * from. Texts are indexed before lists are computed, so a list sees every other text.
 */
export const relatedStamps = sqliteTable('related_stamps', {
  documentId: integer('document_id').primaryKey().references(() => documents.id, { onDelete: 'cascade' }),
  textRevisionId: integer('text_revision_id'),
  listRevisionId: integer('list_revision_id'),
  computedAt: text('computed_at').notNull().default(now),
});
