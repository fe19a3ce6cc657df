import path from 'node:path';
import Database from 'better-sqlite3';
import type { AckedWrites } from './writes';

/** What a data folder holds of the acknowledged writes, and rows that lost their partner. */
export function inspectWrites(dataDir: string, acked: AckedWrites, prefix: string): { missingInvitations: number; missingAccounts: number; orphanAccounts: number; orphanRedemptions: number; missingPublished: number; missingUploads: number } {
  const db = new Database(path.join(dataDir, 'wissensnetz.db'), { readonly: true });
  try {
    const hasInvitation = db.prepare('SELECT 1 FROM invitations WHERE id = ?');
    const hasAccount = db.prepare("SELECT 1 FROM users u JOIN memberships m ON m.user_id = u.id AND m.tenant = 'duelmen' WHERE u.email = ?");
    const like = `${prefix}-%`;
    // An account of the loop without its used invitation, or a used invitation without its account, would be half a write.
    const orphanAccounts = db.prepare('SELECT count(*) AS n FROM users u WHERE u.email LIKE ? AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.email = u.email AND i.used_at IS NOT NULL)').get(like) as { n: number };
    const orphanRedemptions = db.prepare("SELECT count(*) AS n FROM invitations i WHERE i.email LIKE ? AND i.used_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u JOIN memberships m ON m.user_id = u.id AND m.tenant = 'duelmen' WHERE u.email = i.email)").get(like) as { n: number };
    const isPublished = db.prepare("SELECT 1 FROM documents WHERE tenant = 'duelmen' AND slug = ? AND status = 'veroeffentlicht' AND live_revision_id IS NOT NULL");
    const hasUpload = db.prepare('SELECT 1 FROM artefact_versions WHERE sha256 = ?');
    return {
      missingPublished: (acked.published ?? []).filter((p) => !isPublished.get(p.split('/').pop())).length,
      missingUploads: (acked.uploads ?? []).filter((sha) => !hasUpload.get(sha)).length,
      missingInvitations: acked.invitations.filter((id) => !hasInvitation.get(id)).length,
      missingAccounts: acked.accounts.filter((e) => !hasAccount.get(e)).length,
      orphanAccounts: orphanAccounts.n,
      orphanRedemptions: orphanRedemptions.n,
    };
  } finally {
    db.close();
  }
}
