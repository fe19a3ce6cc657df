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

// ── Files (Artefakte) and Nachnutzung ─────────────────────────────────────
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
