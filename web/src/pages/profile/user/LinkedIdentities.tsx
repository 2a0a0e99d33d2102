import { useQuery } from '@tanstack/react-query';
import { getLinkedIdentities } from '../../../api/sso';
import { TimeWithExact } from '../../../ui/TimeWithExact';
import { calendarDate } from '../../../ui/times';

/** The identities at this server's sign-in providers that sign this account in (nothing when there are none). */
export function LinkedIdentities() {
  const identities = useQuery({ queryKey: ['users.get_linked_identities'], queryFn: getLinkedIdentities });
  if (!identities.data || identities.data.length === 0) return null;
  return (
    <>
      <dt>Signs in with</dt>
      <dd>
        {identities.data.map((identity) => (
          <div key={identity.provider.id}>
            {identity.provider.name} as {identity.email}, linked <TimeWithExact iso={identity.linked_at} display={calendarDate} />
          </div>
        ))}
      </dd>
    </>
  );
}
