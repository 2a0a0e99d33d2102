import { useLocation } from '../../navigation/location';
import { AuthLayout } from '../AuthLayout';
import { useDocumentTitle } from '../use-document-title';
import { SsoProblem } from './SsoProblem';

/** /sign-in/problem?reason=…: where the server sends a browser whose sign-in could not even begin (the provider is down). */
export function SsoProblemPage() {
  useDocumentTitle('Sign-in did not go through');
  const { search } = useLocation();
  return (
    <AuthLayout title="Sign-in did not go through">
      <SsoProblem reason={new URLSearchParams(search).get('reason')} />
    </AuthLayout>
  );
}
