/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The administration this request is about: from the path prefix, else from the Host; null on hub pages. */
    tenant: import('./lib/tenants/schema').Tenant | null;
    /** The administration whose own host name served this request, if any. */
    hostTenant: import('./lib/tenants/schema').Tenant | null;
    viewer: import('./lib/auth/viewer').Viewer | null;
    session: import('./lib/auth/session').Session | null;
    clientIp: string;
    /** Path and query the visitor asked for, kept across rewrites to the error page (for sign-in links). */
    requestPath: string;
    /** Public id of the API token a read API request came with (src/lib/api/gate.ts); null otherwise. */
    apiToken: string | null;
    /** Set by middleware that refuses a request; rendered by pages/fehler.astro. */
    error: { status: number; message: string } | null;
  }
}
