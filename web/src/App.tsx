import { useEffect } from 'react';
import { navigate, useLocation } from './navigation/location';
import { NotFoundPage } from './pages/not-found/NotFoundPage';
import { ProfilePage } from './pages/profile/ProfilePage';
import { SetupPage } from './pages/setup/SetupPage';
import { SignInPage } from './pages/sign-in/SignInPage';
import { RequireSignIn } from './shell/RequireSignIn';

function RedirectTo({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** The routes: /login, /setup, /profile (the home page; `/` leads there). */
export function App() {
  const { pathname } = useLocation();
  switch (pathname.replace(/\/+$/, '') || '/') {
    case '/':
      return <RedirectTo to="/profile" />;
    case '/login':
      return <SignInPage />;
    case '/setup':
      return <SetupPage />;
    case '/profile':
      return <RequireSignIn>{(user) => <ProfilePage user={user} />}</RequireSignIn>;
    default:
      return <RequireSignIn>{() => <NotFoundPage />}</RequireSignIn>;
  }
}
