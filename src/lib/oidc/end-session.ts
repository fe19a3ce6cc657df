import * as client from 'openid-client';
import { getConfig } from '../config';
import { providerConfiguration } from './discovery';
import type { ProviderSettings } from './settings';

/**
 * The provider's sign-out address (RP-initiated logout) with the hub's start page to come back
 * to, or null when the provider has none or cannot be reached. Register `<origin>/` as the
 * post-logout redirect URI at the provider.
 */
export async function endSessionUrl(settings: ProviderSettings): Promise<URL | null> {
  try {
    const config = await providerConfiguration(settings);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, { client_id: settings.clientId, post_logout_redirect_uri: `${getConfig().origin}/` });
  } catch {
    return null;
  }
}
