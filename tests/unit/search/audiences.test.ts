import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { canReadIndexAudience, readableAudiences } from '../../../src/lib/search/audiences';

const member = (memberships: Viewer['memberships'], isKreisAdmin = false): Viewer => ({ id: 'u', email: 'u@example.invalid', name: 'U', memberships, isKreisAdmin });

describe('readableAudiences', () => {
  it('gives anonymous visitors only the public index', () => {
    expect(readableAudiences(null)).toEqual(['public']);
  });

  it('gives a Dülmen member public, intern and Dülmen, but not Senden', () => {
    const viewer = member({ duelmen: 'mitarbeiter' });
    expect(readableAudiences(viewer)).toEqual(['public', 'intern', 'kommune-duelmen']);
    expect(canReadIndexAudience(viewer, 'kommune-senden')).toBe(false);
  });

  it('gives a Kreis admin every Kommune', () => {
    expect(readableAudiences(member({ 'kreis-coesfeld': 'admin' }, true))).toHaveLength(14);
  });

  it('knows no audience that is not a tenant', () => {
    expect(canReadIndexAudience(member({}, true), 'kommune-gibtesnicht')).toBe(false);
    expect(canReadIndexAudience(member({}, true), '../intern')).toBe(false);
  });
});
