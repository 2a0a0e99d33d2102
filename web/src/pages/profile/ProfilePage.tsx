import { useEffect } from 'react';
import { useLocation } from '../../navigation/location';
import { useDocumentTitle } from '../use-document-title';
import { CloudAccessSection } from './cloud-access/CloudAccessSection';
import { PreferencesSection } from './preferences/PreferencesSection';
import { SecurityLogSection } from './audit-log/SecurityLogSection';
import { TwoFactorRequired } from './two-factor/TwoFactorRequired';
import { TwoFactorSection } from './two-factor/TwoFactorSection';
import { SessionsSection } from './sessions/SessionsSection';
import { UserSection } from './user/UserSection';
import { WorkspacesSection } from './workspaces/WorkspacesSection';
import type { CurrentUser } from '@foyer/contract';

export function ProfilePage({ user }: { user: CurrentUser }) {
  useDocumentTitle('Profile');
  const { hash } = useLocation();
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash]);

  // the server refuses everything else in a workspace that requires two-factor of someone without it
  if (user.company.requires_two_factor && !user.two_factor_enabled) {
    return (
      <>
        <UserSection user={user} />
        <TwoFactorRequired user={user} />
      </>
    );
  }

  return (
    <>
      <UserSection user={user} />
      <PreferencesSection />
      <CloudAccessSection user={user} />
      <WorkspacesSection user={user} />
      <TwoFactorSection user={user} />
      <SessionsSection />
      <SecurityLogSection user={user} />
    </>
  );
}
