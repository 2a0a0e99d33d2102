import { useEffect } from 'react';
import { navigate, useLocation } from './navigation/location';
import { InvitePage } from './pages/invite/InvitePage';
import { NotFoundPage } from './pages/not-found/NotFoundPage';
import { ProfilePage } from './pages/profile/ProfilePage';
import { ForgotPasswordPage } from './pages/password-reset/ForgotPasswordPage';
import { ResetPasswordPage } from './pages/password-reset/ResetPasswordPage';
import { SetupPage } from './pages/setup/SetupPage';
import { SignInPage } from './pages/sign-in/SignInPage';
import { SsoCallbackPage, callbackProvider } from './pages/sign-in/SsoCallbackPage';
import { SsoProblemPage } from './pages/sign-in/SsoProblemPage';
import { SignUpPage } from './pages/sign-up/SignUpPage';
import { VerifyEmailPage } from './pages/verify-email/VerifyEmailPage';
import { RequireSignIn } from './shell/RequireSignIn';

function RedirectTo({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** The token of an invitation link, `/invite/<token>` ('' when the path holds none). */
function invitationToken(path: string): string | undefined {
  const match = /^\/invite(?:\/([^/]*))?$/.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return '';
  }
}

/** The routes: /login, /auth/oidc/<provider>/callback, /sign-in/problem, /signup, /setup, /forgot-password, /reset-password, /invite/<token>, /profile (the home page; `/` leads there). */
export function App() {
  const { pathname } = useLocation();
  const path = pathname.replace(/\/+$/, '') || '/';
  const token = invitationToken(path);
  if (token !== undefined) return <InvitePage key={token} token={token} />;
  const ssoProvider = callbackProvider(path);
  if (ssoProvider !== undefined) return <SsoCallbackPage provider={ssoProvider} />;
  switch (path) {
    case '/':
      return <RedirectTo to="/profile" />;
    case '/login':
      return <SignInPage />;
    case '/sign-in/problem':
      return <SsoProblemPage />;
    case '/signup':
      return <SignUpPage />;
    case '/forgot-password':
      return <ForgotPasswordPage />;
    case '/reset-password':
      return <ResetPasswordPage />;
    case '/setup':
      return <SetupPage />;
    case '/verify-email':
      return <VerifyEmailPage />;
    case '/profile':
      return <RequireSignIn>{(user) => <ProfilePage user={user} />}</RequireSignIn>;
    default:
      return <RequireSignIn>{() => <NotFoundPage />}</RequireSignIn>;
  }
}
