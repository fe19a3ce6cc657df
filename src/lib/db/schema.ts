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
    /** How the person signed in: with password (and code), or through the Kommune's identity provider. */
    method: text('method', { enum: ['passwort', 'sso'] }).notNull().default('passwort'),
    /** The Kommune whose identity provider signed the person in (for its end-session endpoint). */
    ssoTenant: text('sso_tenant'),
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
  /** SHA-256 of the token in the invitation mail (minted when the mail is sent); the admin's link keeps working too. */
  mailTokenHash: text('mail_token_hash').unique(),
  /** Set when an admin withdrew the invitation before it was used. */
  revokedAt: integer('revoked_at'),
});

// ── Sign-in with the Kommune's identity provider (OpenID Connect) and second factor ──

/** An account's identity at a provider: (issuer, subject) is the key, never the e-mail address. */
export const userIdentities = sqliteTable(
  'user_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** The Kommune whose provider this is. */
    tenant: text('tenant').notNull(),
    createdAt: text('created_at').notNull().default(now),
    lastSignInAt: text('last_sign_in_at'),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('user_identities_user').on(t.userId)],
);

/** A sign-in at a provider in progress: bound to the browser by a cookie holding the token whose hash is the id. */
export const oidcFlows = sqliteTable(
  'oidc_flows',
  {
    id: text('id').primaryKey(),
    tenant: text('tenant').notNull(),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    next: text('next').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('oidc_flows_expires').on(t.expiresAt)],
);

/**
 * A half-finished sign-in, which is no session: the password was right and the code is still
 * missing (`code`), or a provider vouched for a person whose e-mail address belongs to a local
 * account that the person must first prove to be theirs with its password (`link`).
 */
export const pendingSignIns = sqliteTable(
  'pending_sign_ins',
  {
    /** SHA-256 of the token in the browser's cookie. */
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['code', 'link'] }).notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    next: text('next').notNull(),
    /** For `link`: the identity to attach and the role its claims map to (null: no mapping). */
    tenant: text('tenant'),
    issuer: text('issuer'),
    subject: text('subject'),
    mappedRole: text('mapped_role', { enum: ['mitarbeiter', 'redakteur', 'admin'] }),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('pending_sign_ins_expires').on(t.expiresAt)],
);

/** The TOTP key of an account; unconfirmed while the person has not yet typed a first code. */
export const totpCredentials = sqliteTable('totp_credentials', {
  userId: text('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  /** The shared key, base32. It must stay readable to check codes (see README "Security settings"). */
  secret: text('secret').notNull(),
  confirmedAt: text('confirmed_at'),
  /** The last time step a code was accepted for: the same code never works twice. */
  lastStep: integer('last_step').notNull().default(0),
  createdAt: text('created_at').notNull().default(now),
});

/** One-time recovery codes, stored as SHA-256 only. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
);

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
    /**
     * The files this revision carries, as JSON (files/manifest.ts): the current version of each
     * file when the revision was last written. Null for revisions from before files were reviewed.
     */
    files: text('files'),
  },
  (t) => [uniqueIndex('revisions_document_number').on(t.documentId, t.number), index('revisions_status').on(t.status)],
);

// ── Files (Artefakte) and Nachnutzung ─────────────────────────────────────
// A file attached to a Beitrag is an "artefact"; each upload of it is a version whose
// bytes live in <dataDir>/files under their SHA-256. Blobs are shared between versions
// with identical content and removed from disk once no version references them.
// Files go through the four-eyes review with the Beitrag: an upload is "ausstehend" and a
// removal only requested until a revision of the Beitrag is approved (files/approval.ts).

export const FILE_STATES = ['freigegeben', 'ausstehend'] as const;

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
    /** Removal requested: the file stays published until the next approval of the Beitrag. */
    removalPending: integer('removal_pending', { mode: 'boolean' }).notNull().default(false),
    /** Who requested the removal: they may not approve it (four-eyes). */
    removalRequestedBy: text('removal_requested_by').references(() => users.id, { onDelete: 'set null' }),
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
    /** 'ausstehend' until a revision of the Beitrag is approved; only editors and reviewers see it. */
    state: text('state', { enum: FILE_STATES }).notNull().default('freigegeben'),
    /** Removal of this version requested; it stays published until the next approval. */
    removalPending: integer('removal_pending', { mode: 'boolean' }).notNull().default(false),
    /** Who requested the removal: they may not approve it (four-eyes). */
    removalRequestedBy: text('removal_requested_by').references(() => users.id, { onDelete: 'set null' }),
    /** The revision that carried this upload (for the history). */
    revisionId: integer('revision_id').references(() => revisions.id, { onDelete: 'set null' }),
    /** Title, description and licence a pending new version brings; applied to the file on approval (JSON). */
    pendingMeta: text('pending_meta'),
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

// ── Mail (src/lib/mail) ─────────────────────────────────────────────────────
// One row per mail to one recipient. The row holds only references (kind + payload); the
// mail itself is built when it is sent, so it never names what the recipient may no longer
// read, and secret links (password reset, invitation) are minted at that moment instead of
// resting in the table.

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'dropped'] as const;

export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The Message-ID header, fixed when the row is written: a resend after a crash carries the same one. */
    messageId: text('message_id').notNull().unique(),
    kind: text('kind').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    /** JSON references the renderer of the kind needs (ids, never secrets). */
    payload: text('payload').notNull().default('{}'),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** Epoch ms: not sent before. */
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** Epoch ms: a row 'sending' whose lease ran out belongs to a sender that died. */
    leaseUntil: integer('lease_until'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** The subject as sent (set when the mail was built). */
    subject: text('subject'),
    lastError: text('last_error'),
  },
  (t) => [index('mail_outbox_due').on(t.status, t.nextAttemptAt), index('mail_outbox_user').on(t.userId), index('mail_outbox_address').on(t.address)],
);

// ── Notifications (src/lib/notifications) ───────────────────────────────────

export const FREQUENCIES = ['sofort', 'taeglich', 'woechentlich', 'aus'] as const;

/** What a person watches or follows: subject is e.g. beitrag:12, themenfeld:schule, kommune:duelmen, schlagwort:ogs. */
export const notificationSubscriptions = sqliteTable(
  'notification_subscriptions',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    frequency: text('frequency', { enum: FREQUENCIES }).notNull(),
    /** Set by the hub (an author watching their own Beitrag), not chosen by the person. */
    automatic: integer('automatic', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.subject] }), index('notification_subscriptions_subject').on(t.subject, t.frequency)],
);

/** Something that happened and may concern people: written in the transaction of its cause. */
export const notificationEvents = sqliteTable(
  'notification_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    documentId: integer('document_id').references(() => documents.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** JSON array of subscription subjects this event concerns (empty for events with named recipients). */
    subjects: text('subjects').notNull().default('[]'),
    data: text('data').notNull().default('{}'),
    createdAt: text('created_at').notNull().default(now),
    /** When the event was handed to its subscribers; null while that is pending. */
    fannedOutAt: text('fanned_out_at'),
  },
  (t) => [index('notification_events_pending').on(t.fannedOutAt)],
);

export const DELIVERIES = ['sofort', 'taeglich', 'woechentlich', 'keine'] as const;

/** One event for one person: the list on "Meine Benachrichtigungen" and the material of mails and digests. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    eventId: integer('event_id').notNull().references(() => notificationEvents.id, { onDelete: 'cascade' }),
    /** The subscription that matched, or a purpose (redaktion, erinnerung) for events with named recipients. */
    reason: text('reason').notNull(),
    delivery: text('delivery', { enum: DELIVERIES }).notNull(),
    createdAt: text('created_at').notNull().default(now),
    readAt: text('read_at'),
    /** The digest mail that carries it (daily/weekly deliveries). */
    digestOutboxId: integer('digest_outbox_id'),
  },
  (t) => [
    uniqueIndex('notifications_user_event').on(t.userId, t.eventId),
    index('notifications_user_unread').on(t.userId, t.readAt),
    index('notifications_digest').on(t.delivery, t.digestOutboxId),
  ],
);

/** Per person and purpose (redaktion, erinnerung): 'an' or 'aus'; no row means 'an'. */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.purpose] })],
);

/** One-click unsubscribe links: one random token per mail, bound to one person and one purpose; SHA-256 stored. */
export const unsubscribeTokens = sqliteTable(
  'unsubscribe_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('unsubscribe_tokens_created').on(t.createdAt)],
);

/** "Stand prüfen": when the last reminder for a Beitrag went out, for which review date. */
export const reviewReminders = sqliteTable('review_reminders', {
  documentId: integer('document_id').primaryKey().references(() => documents.id, { onDelete: 'cascade' }),
  reviewDue: text('review_due').notNull(),
  lastSentAt: text('last_sent_at').notNull(),
  count: integer('count').notNull().default(1),
});

/** Scheduled jobs (digests, reminders): the period each last ran for, so a period runs once. */
export const notificationJobs = sqliteTable('notification_jobs', {
  name: text('name').primaryKey(),
  lastPeriod: text('last_period').notNull(),
  ranAt: text('ran_at').notNull(),
});

// ── Password reset (src/lib/auth/password-reset.ts) ────────────────────────

export const passwordResets = sqliteTable(
  'password_resets',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the link's token, minted when the mail is sent; null until then. */
    tokenHash: text('token_hash').unique(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    /** 'selbst' (the person asked) or 'admin' (an admin sent it). */
    requestedBy: text('requested_by').notNull(),
  },
  (t) => [index('password_resets_user').on(t.userId)],
);

/** Requests for reset mails per address and per IP, kept apart from the sign-in throttle. */
export const resetThrottle = sqliteTable('reset_throttle', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: integer('window_start').notNull(),
});

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
  /**
   * The ids of the Beitrag's rows in related_documents, best first, separated by spaces: the
   * Beitrag page reads this one row instead of forty (written wherever the list changes).
   */
  ranked: text('ranked'),
});

/**
 * One row whose version moves, through triggers (migration 0009), whenever something the Beitrag
 * page's "Ähnliche Beiträge" shows may have changed: a Beitrag's title, address, type, Kommune,
 * status, visibility or live revision, or a related list. The server keeps the lists and the
 * candidates' rows in memory while it stays the same (src/lib/related/read.ts).
 */
export const relatedVersion = sqliteTable('related_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
});
