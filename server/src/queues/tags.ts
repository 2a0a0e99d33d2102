// The tags and system_tags lists that queues and workers take. The contract's schema bounds them hard (so a huge
// body is refused while parsing); the configured caps (FOYER_MAX_TAGS, FOYER_MAX_TAG_LENGTH) are checked here, with
// a message that names the cap and what to do.
import type { Config } from '../config.ts';
import { errors } from '../http/errors.ts';

type Caps = Pick<Config, 'maxTags' | 'maxTagLength'>;

/** Refuses a tags list beyond the configured caps; undefined and null (no list) pass. */
function checkTags(config: Caps, field: string, tags: readonly string[] | null | undefined): void {
  if (!tags) return;
  if (tags.length > config.maxTags) {
    throw errors.validation(
      `Validation error: field "${field}": at most ${config.maxTags} tags (${tags.length} given); drop some, or ask the server's administrator to raise FOYER_MAX_TAGS`,
      { field, limit: 'FOYER_MAX_TAGS', max: config.maxTags },
    );
  }
  const long = tags.findIndex((tag) => tag.length > config.maxTagLength);
  if (long !== -1) {
    throw errors.validation(
      `Validation error: field "${field}.${long}": a tag has at most ${config.maxTagLength} characters (${tags[long]!.length} given); shorten it, or ask the server's administrator to raise FOYER_MAX_TAG_LENGTH`,
      { field: `${field}.${long}`, limit: 'FOYER_MAX_TAG_LENGTH', max: config.maxTagLength },
    );
  }
}

export function checkTagLists(config: Caps, params: { tags?: readonly string[] | null; system_tags?: readonly string[] | null }): void {
  checkTags(config, 'tags', params.tags);
  checkTags(config, 'system_tags', params.system_tags);
}
