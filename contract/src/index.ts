// Foyer's API contract, imported by the server (which checks parameters with these schemas and answers these
// shapes) and by the web app (which calls with these types). The web app imports types and the zod-free constants
// only, so no schema reaches its bundle.
export * from './audit.ts';
export * from './two-factor.ts';
export * from './auth.ts';
export * from './credentials.ts';
export * from './email.ts';
export * from './email-addresses.ts';
export * from './endpoint.ts';
export * from './endpoints/index.ts';
export * from './envelope.ts';
export * from './fields.ts';
export * from './invites.ts';
export * from './oidc.ts';
export * from './password-reset.ts';
export * from './results.ts';
export * from './server.ts';
export * from './storage-access.ts';
export * from './users.ts';
export * from './workspaces.ts';
