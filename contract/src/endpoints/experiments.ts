// What the ClearML web app sends to the project, task and report lists, field by field. The reference server
// (apiserver/schema/services/{projects,tasks,reports}.conf) declares these fields but does not enforce its schemas;
// Foyer does: a field it does not know, or of another type than the web app sends, is refused.
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';

/** An id of a project, task, report or user. */
const id = z.string().min(1).max(128);
const idList = z.array(id).max(1000);

/**
 * Filter terms: values, "-value" to exclude one, and the web app's operators ("__$not", "__$and", …) before a value,
 * e.g. `type: ["__$not", "annotation_manual"]` or `status: ["-draft"]`.
 */
const termList = z.array(z.string().max(1000)).max(1000);

/** Field names, "-name" for descending order, dotted paths into a document (`project.name`, `hyperparams.x.y`). */
const fieldName = z.string().min(1).max(500);
const fieldList = z.array(fieldName).max(500);

/** A name or text pattern (a regular expression in the reference; Foyer holds nothing to match it against). */
const pattern = z.string().max(2000);

/** `_any_` / `_all_`: a pattern matched against several fields. */
const multiFieldPattern = z.strictObject({
  pattern: pattern.optional(),
  datetime: z.string().max(100).optional(),
  fields: fieldList.optional(),
});

/** Included and excluded terms of a field filter; the web app sends null for "no tags". */
const filterTerms = z.strictObject({
  include: z.array(z.string().max(1000).nullable()).max(1000).optional(),
  exclude: z.array(z.string().max(1000).nullable()).max(1000).optional(),
});

/** `filters.<field>` and `children_tags_filter`: terms any of which, or all of which, must match. */
const fieldFilter = z.strictObject({
  any: filterTerms.optional(),
  all: filterTerms.optional(),
  op: z.enum(['and', 'or']).optional(),
});

const MAX_FILTERED_FIELDS = 100;
const atMostFields = (record: Record<string, unknown>) => Object.keys(record).length <= MAX_FILTERED_FIELDS;
const tooManyFields = { message: `must name at most ${MAX_FILTERED_FIELDS} fields` };

/** `filters`: a field filter per field name, e.g. `{tags: {any: {include: ["a"], exclude: []}}}`. */
const fieldFilters = z.record(fieldName, fieldFilter).refine(atMostFields, tooManyFields);

/** `include_stats_filter`: the terms each counted entity's field must match, e.g. `{system_tags: ["-pipeline"]}`. */
const statsFilter = z.record(fieldName, termList).refine(atMostFields, tooManyFields);

/** Paging as the reference takes it: page (from 0) and page_size, or a scroll (scroll_id, size, refresh_scroll). */
const paging = {
  page: z.int().min(0).optional(),
  page_size: z.int().min(1).optional(),
  /** null (or "") starts a new scroll; a scroll_id from an earlier answer continues it */
  scroll_id: z.string().max(128).nullable().optional(),
  refresh_scroll: z.boolean().optional(),
  size: z.int().min(1).optional(),
};

/** What projects.get_all_ex, tasks.get_all_ex and reports.get_all_ex all take. */
const listQuery = {
  id: idList.optional(),
  name: pattern.optional(),
  tags: termList.optional(),
  system_tags: termList.optional(),
  order_by: fieldList.optional(),
  search_text: pattern.optional(),
  only_fields: fieldList.optional(),
  _all_: multiFieldPattern.optional(),
  _any_: multiFieldPattern.optional(),
  search_hidden: z.boolean().optional(),
  allow_public: z.boolean().optional(),
  filters: fieldFilters.optional(),
  ...paging,
};

const projectsGetAllExParams = z.strictObject({
  ...listQuery,
  basename: pattern.optional(),
  description: pattern.optional(),
  /** the web app's project pages send a list of parent project ids */
  parent: idList.optional(),
  include_stats: z.boolean().optional(),
  stats_for_state: z.enum(['active', 'archived']).optional(),
  stats_with_children: z.boolean().optional(),
  include_stats_filter: statsFilter.optional(),
  include_dataset_stats: z.boolean().optional(),
  non_public: z.boolean().optional(),
  active_users: idList.optional(),
  shallow_search: z.boolean().optional(),
  check_own_contents: z.boolean().optional(),
  permission_roots_only: z.boolean().optional(),
  children_type: z.enum(['pipeline', 'report', 'dataset']).optional(),
  children_tags: termList.optional(),
  children_tags_filter: fieldFilter.optional(),
});

const tasksGetAllExParams = z.strictObject({
  ...listQuery,
  /** the dashboard sends null when it shows everyone's work */
  user: idList.nullable().optional(),
  project: idList.optional(),
  type: termList.optional(),
  status: termList.optional(),
  /** one parent task id, or (the tasks table's parent filter) a list of them */
  parent: z.union([id, idList]).optional(),
  status_changed: z.array(z.string().max(100)).max(10).optional(),
  include_subprojects: z.boolean().optional(),
  include_hidden_projects: z.boolean().optional(),
});

const reportsGetAllExParams = z.strictObject({
  ...listQuery,
  user: idList.nullable().optional(),
  /** the reports page sends its project's id, or null for all projects */
  project: z.union([id, idList]).nullable().optional(),
  status: termList.optional(),
  status_changed: z.array(z.string().max(100)).max(10).optional(),
  include_subprojects: z.boolean().optional(),
});

const projectsGetUserNamesParams = z.strictObject({
  projects: idList.optional(),
  include_subprojects: z.boolean().optional(),
  entity: z.enum(['task', 'model']).optional(),
});

// Foyer holds no projects, tasks or reports: these answer the ClearML web app's pages with empty lists.
export const experimentEndpoints = {
  'projects.get_user_names': endpoint('The users who own projects, tasks or models: none on Foyer.', projectsGetUserNamesParams),
  'projects.get_all_ex': endpoint("The ClearML web app's project list: empty on Foyer.", projectsGetAllExParams),
  'tasks.get_all_ex': endpoint("The ClearML web app's task list: empty on Foyer.", tasksGetAllExParams),
  'reports.get_all_ex': endpoint("The ClearML web app's report list: empty on Foyer.", reportsGetAllExParams),
};
