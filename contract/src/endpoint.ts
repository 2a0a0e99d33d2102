import type { z } from 'zod';

/** What the contract says of one endpoint: a line for the API reference, and the parameters it takes. */
export interface EndpointContract<Params extends z.ZodType = z.ZodType> {
  summary: string;
  params: Params;
}

export function endpoint<Params extends z.ZodType>(summary: string, params: Params): EndpointContract<Params> {
  return { summary, params };
}
