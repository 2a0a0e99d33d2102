// Pure rules for the answers of the project, task and report lists. Foyer holds no projects, tasks, models or
// reports, so every list is empty; what remains is the shape the reference server gives an empty server's lists
// (apiserver/services/{projects,tasks,reports}.py, apiserver/database/model/base.py), which the web app reads.
import { errors } from '../http/errors.ts';

interface ScrollParams {
  scroll_id?: string | null;
  size?: number;
}

/**
 * A call that names `scroll_id` (null starts a new scroll) must say how many results a page of the scroll holds, as
 * the reference requires (`validate_scroll_size`).
 */
export function checkScrollSize(params: ScrollParams): void {
  if (params.scroll_id !== undefined && params.size === undefined) {
    throw errors.invalidField('size', 'this field is required with "scroll_id" (how many results a page of the scroll holds)');
  }
}

/**
 * The scroll part of a list's answer: a call that names `scroll_id` gets one back. A scroll it continues keeps its
 * id (with no results there is no position to remember); null or "" starts a new one.
 */
export function scrollAnswer(params: ScrollParams, newScrollId: () => string): { scroll_id?: string } {
  if (params.scroll_id === undefined) return {};
  return { scroll_id: params.scroll_id ? params.scroll_id : newScrollId() };
}

/**
 * projects.get_all_ex asked for projects with children of some users or of some type: the reference first looks
 * those children up, and when there are none answers the empty list alone, with no scroll.
 */
export function asksForProjectChildren(params: { active_users?: readonly string[]; children_type?: string }): boolean {
  return (params.active_users?.length ?? 0) > 0 || params.children_type !== undefined;
}

/**
 * reports.get_all_ex named projects (null too): the reference first looks for their reports projects, and when
 * there are none answers the empty list alone, with no scroll.
 */
export function asksForReportProjects(params: { project?: unknown }): boolean {
  return params.project !== undefined;
}
