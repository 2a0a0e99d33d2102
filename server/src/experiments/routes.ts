// The project, task and report lists the ClearML web app's shell and dashboard load on every page. Foyer is an
// account home: it holds no projects, tasks, models or reports, so it answers each list truthfully, and empty, in
// the shape the reference server gives. A signed-in identity is needed, as for every workspace read; whatever its
// workspace, there is nothing in it to see.
import { defineEndpoint } from '../http/endpoint.ts';
import { newId } from '../shared/ids.ts';
import { asksForProjectChildren, asksForReportProjects, checkScrollSize, scrollAnswer } from './rules.ts';

export const experimentEndpoints = [
  defineEndpoint({
    name: 'projects.get_user_names',
    auth: 'required',
    changesState: false,
    authorize: 'workspace.list_experiments',
    handle() {
      // the users who created tasks or models under the projects: there are none
      return { users: [] };
    },
  }),

  defineEndpoint({
    name: 'projects.get_all_ex',
    auth: 'required',
    changesState: false,
    authorize: 'workspace.list_experiments',
    handle(ctx, params) {
      checkScrollSize(params);
      if (asksForProjectChildren(params)) return { projects: [] };
      return { projects: [], ...scrollAnswer(params, newId) };
    },
  }),

  defineEndpoint({
    name: 'tasks.get_all_ex',
    auth: 'required',
    changesState: false,
    authorize: 'workspace.list_experiments',
    handle(ctx, params) {
      checkScrollSize(params);
      return { tasks: [], ...scrollAnswer(params, newId) };
    },
  }),

  defineEndpoint({
    name: 'reports.get_all_ex',
    auth: 'required',
    changesState: false,
    authorize: 'workspace.list_experiments',
    handle(ctx, params) {
      // the reference answers reports under the key "tasks": a report is a task of type "report"
      checkScrollSize(params);
      if (asksForReportProjects(params)) return { tasks: [] };
      return { tasks: [], ...scrollAnswer(params, newId) };
    },
  }),
];
