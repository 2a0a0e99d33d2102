import { useQuery } from '@tanstack/react-query';
import { getServerInfo } from '../api/server';

export function useServerInfo() {
  return useQuery({ queryKey: ['server.info'], queryFn: getServerInfo, staleTime: Infinity });
}
