// What each endpoint answers (the `data` of the envelope), for the endpoints whose answers the contract describes;
// the ClearML agent and web app endpoints answer the shapes those clients read, which the server's tests pin down.
import type { AuditResults } from './audit.ts';
import type { AuthResults } from './auth.ts';
import type { CredentialResults } from './credentials.ts';
import type { EmailAddressResults } from './email-addresses.ts';
import type { EndpointName } from './endpoints/index.ts';
import type { InviteResults } from './invites.ts';
import type { OidcResults } from './oidc.ts';
import type { PasswordResetResults } from './password-reset.ts';
import type { ServerResults } from './server.ts';
import type { StorageAccessResults } from './storage-access.ts';
import type { TwoFactorResults } from './two-factor.ts';
import type { UserResults } from './users.ts';
import type { WorkspaceResults } from './workspaces.ts';

export interface Results extends AuthResults, CredentialResults, UserResults, WorkspaceResults, InviteResults, StorageAccessResults, ServerResults, AuditResults, TwoFactorResults, PasswordResetResults, EmailAddressResults, OidcResults {}

export type ResultOf<Name extends EndpointName> = Name extends keyof Results ? Results[Name] : unknown;
