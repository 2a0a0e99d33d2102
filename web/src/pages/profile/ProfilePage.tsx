import { useEffect } from 'react';
import { useLocation } from '../../navigation/location';
import { useDocumentTitle } from '../use-document-title';
import { CloudAccessSection } from './cloud-access/CloudAccessSection';
import { PreferencesSection } from './preferences/PreferencesSection';
import { SecurityLogSection } from './audit-log/SecurityLogSection';
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
