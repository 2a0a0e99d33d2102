// The real ClearML web app's shell and dashboard calls, replayed as the app sends them.
//
// Observed requests: read from clearml/clearml-web@48b61702 ("release v2.5", Angular 20 + NgRx), paths relative to
// that repository. Response shapes from clearml/clearml-server@0b769d48 (apiserver/services/{projects,tasks,
// reports}.py, apiserver/database/model/base.py), for a server with no projects, tasks, models or reports.
//
// Transport, every call below:
//   POST <api>/v999.0/<service>.<action>        src/app/app.constants.ts (ENVIRONMENT.API_VERSION = '/v999.0')
//   Accept: application/json                    src/app/business-logic/api-services/{projects,tasks,reports}.service.ts
//   Content-Type: application/json              Angular HttpClient, for an object body
//   X-Clearml-Client: Webapp-2.3.0-000          src/app/webapp-common/core/interceptors/webapp-interceptor.ts
//                                               ('Webapp-' + environment.version, from src/version.json)
//   Cookie: clearml_token_basic=<token>         withCredentials: true (src/app/business-logic/configuration.ts); the
//                                               cookie comes from the sign-in, POST /v999.0/auth.login with no body and
//                                               Authorization: Basic base64(user:password)
//                                               (src/app/webapp-common/shared/services/login.service.ts, passwordLogin)
//   Origin: http://127.0.0.1:8080, Sec-Fetch-Site: same-site   the app on :8080 calling the API on :8008; the browser
//                                               first sends an OPTIONS preflight for content-type,x-clearml-client
//
// 1. App shell, when the workspace is set or "show hidden" loads (resetRootProjects → getAllSystemProjects →
//    getAllProjectsUsersEffect → getAllEntitiesUserNames in src/app/webapp-common/core/effects/projects.effects.ts,
//    one call per entity of fetchUsersForTypes in src/app/features/projects/projects.consts.ts). Reads data.users.
//      POST /v999.0/projects.get_user_names  {"include_subprojects":true,"entity":"task"}
//      POST /v999.0/projects.get_user_names  {"include_subprojects":true,"entity":"model"}
//    On a project's page (getUsersEffect, same file):
//      POST /v999.0/projects.get_user_names  {"projects":["<project id>"],"entity":"task","include_subprojects":false}
//
// 2. Dashboard (src/app/features/dashboard/dashboard.component.ts dispatches getRecentProjects, getRecentExperiments,
//    getRecentReports; src/app/webapp-common/dashboard/common-dashboard.effects.ts sends). Default settings:
//      POST /v999.0/projects.get_all_ex  {"stats_for_state":"active","include_stats":true,"check_own_contents":true,
//        "order_by":["featured","-last_update"],"page":0,"page_size":6,"include_stats_filter":{"system_tags":
//        ["-pipeline"]},"only_fields":["name","basename","company","user","created","default_output_destination"]}
//        reads data.projects
//      POST /v999.0/tasks.get_all_ex  {"page":0,"page_size":5,"order_by":["-last_update"],"status":["published",
//        "closed","failed","stopped","in_progress","completed"],"type":["__$not","annotation_manual","__$not",
//        "annotation","__$not","dataset_import"],"only_fields":["type","status","created","name","id","last_update",
//        "started","project.name"],"system_tags":["-archived","-pipeline"],"user":null,"include_hidden_projects":false}
//        reads data.tasks
//      POST /v999.0/reports.get_all_ex  {"only_fields":["name","comment","company","tags","report","project.name",
//        "user.name","status","last_update","system_tags"],"size":6,"scroll_id":null,"order_by":["-last_update"],
//        "system_tags":["__$not","archived"]}
//        reads data.tasks (a report is a task of type "report"); the reference also answers a new data.scroll_id
//    With "my work only", "hide examples" and "show hidden" on, the same calls add "active_users":["<me>"],
//    "search_hidden":true (instead of include_stats_filter), "allow_public":false to the projects call (an empty
//    server answers {"projects":[]} alone then, having no children of those users), "user":["<me>"],
//    "allow_public":false, "include_hidden_projects":true to the tasks call, "allow_public":false, "user":["<me>"] to
//    the reports call.
//
// 3. Project pickers and the projects page, which page with a scroll (scroll_id null starts one, the answer's
//    data.scroll_id continues it):
//      getPaginatedAndSearchedAndSelectedProjects, src/app/webapp-common/core/effects/projects.effects.ts:
//      POST /v999.0/projects.get_all_ex  {"page_size":1000,"size":1000,"order_by":["name"],"only_fields":["name",
//        "company"],"search_hidden":false,"_any_":{"pattern":"","fields":["name","id"]},"scroll_id":null}
//      src/app/webapp-common/projects/common-projects.effects.ts (the projects page):
//      POST /v999.0/projects.get_all_ex  {"stats_for_state":"active","include_stats":true,"shallow_search":true,
//        "permission_roots_only":true,"scroll_id":null,"size":12,"order_by":["featured","-last_update"],"only_fields":
//        ["name","company","user","created","default_output_destination","basename","system_tags"]}
//    and the reports page (src/app/webapp-common/reports/reports.effects.ts), "project": null for all projects:
//      POST /v999.0/reports.get_all_ex  {"only_fields":[...],"size":20,"project":null,"scroll_id":null,
//        "system_tags":["__$not","archived"],"order_by":["-last_update"]}  → {"tasks":[]} alone (no reports project)
//
// 4. Every settings page's footer: POST /v999.0/server.info {} → "Server: <version>-<build>"
//    (src/app/webapp-common/core/effects/users.effects.ts), so the build must not be empty.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, basicAuthorization, dialects, httpRequest, startWithAdmin, type TestServer } from './support/server.ts';

const WEB_ORIGIN = 'http://127.0.0.1:8080';
const SCROLL_ID = /^[0-9a-f]{32}$/;

/** The headers the web app's browser sends with every API call from the page on :8080. */
function webAppHeaders(cookie?: string): Record<string, string> {
  return {
    accept: 'application/json',
    'content-type': 'application/json',
    'x-clearml-client': 'Webapp-2.3.0-000',
    origin: WEB_ORIGIN,
    referer: `${WEB_ORIGIN}/dashboard`,
    'sec-fetch-site': 'same-site',
    'sec-fetch-mode': 'cors',
    'sec-fetch-dest': 'empty',
    ...(cookie ? { cookie } : {}),
  };
}

interface Answer {
  status: number;
  meta: Record<string, any>;
  data: any;
  headers: Headers;
}

/** One call exactly as the web app sends it: its path, its headers, its body's bytes. */
async function webAppCall(server: TestServer, name: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await httpRequest(`${server.apiUrl}/v999.0/${name}`, 'POST', headers, body);
  const parsed = JSON.parse(response.text) as { meta: Record<string, any>; data: any };
  return { status: response.status, meta: parsed.meta, data: parsed.data, headers: response.headers };
}

/** The web app's sign-in: auth.login with Basic user:password and no body; the session is the cookie it sets. */
async function webAppSignIn(server: TestServer): Promise<string> {
  const headers = { ...webAppHeaders(), authorization: basicAuthorization(ADMIN.email, ADMIN.password), 'access-control-allow-credentials': '*' };
  delete (headers as Record<string, string>)['content-type'];
  const response = await httpRequest(`${server.apiUrl}/v999.0/auth.login`, 'POST', headers);
  assert.equal(response.status, 200, response.text);
  const match = /clearml_token_basic=([^;]+)/.exec(response.headers.get('set-cookie') ?? '');
  assert.ok(match, 'the sign-in sets the session cookie');
  return `clearml_token_basic=${match[1]}`;
}

/** A 200 in the envelope, readable by the page (credentialed CORS for its origin). */
function assertAnswered(answer: Answer, name: string): void {
  assert.equal(answer.status, 200, `${name}: ${answer.meta?.result_code} ${answer.meta?.result_subcode} ${answer.meta?.result_msg}`);
  assert.equal(answer.meta.result_code, 200);
  assert.equal(answer.meta.endpoint.name, name);
  assert.equal(answer.meta.endpoint.requested_version, '999.0');
  assert.equal(answer.headers.get('access-control-allow-origin'), WEB_ORIGIN, 'the page may read the answer');
  assert.equal(answer.headers.get('access-control-allow-credentials'), 'true');
}

/** A refusal in the envelope: the status, the subcode, a sentence, and no data. */
function assertRefused(answer: Answer, name: string, status: number, subcode: number, field?: string): void {
  assert.equal(answer.status, status, `${name}: ${answer.meta?.result_msg}`);
  assert.equal(answer.meta.result_code, status);
  assert.equal(answer.meta.result_subcode, subcode, answer.meta.result_msg);
  assert.equal(answer.meta.endpoint.name, name);
  assert.match(answer.meta.result_msg, /[A-Za-z]{2,}\W+[A-Za-z]{2,}/);
  assert.equal(answer.meta.error_stack, null);
  assert.deepEqual(answer.data, {});
  if (field !== undefined) {
    assert.equal(answer.meta.error_data.field, field, answer.meta.result_msg);
    assert.ok(answer.meta.result_msg.includes(`"${field}"`), `the message names the field: ${answer.meta.result_msg}`);
  }
}

const SHELL_CALLS: Array<[string, string]> = [
  ['projects.get_user_names', '{"include_subprojects":true,"entity":"task"}'],
  ['projects.get_user_names', '{"include_subprojects":true,"entity":"model"}'],
];

const DASHBOARD_PROJECTS =
  '{"stats_for_state":"active","include_stats":true,"check_own_contents":true,"order_by":["featured","-last_update"],"page":0,"page_size":6,' +
  '"include_stats_filter":{"system_tags":["-pipeline"]},"only_fields":["name","basename","company","user","created","default_output_destination"]}';
const DASHBOARD_TASKS =
  '{"page":0,"page_size":5,"order_by":["-last_update"],"status":["published","closed","failed","stopped","in_progress","completed"],' +
  '"type":["__$not","annotation_manual","__$not","annotation","__$not","dataset_import"],' +
  '"only_fields":["type","status","created","name","id","last_update","started","project.name"],"system_tags":["-archived","-pipeline"],' +
  '"user":null,"include_hidden_projects":false}';
const DASHBOARD_REPORTS =
  '{"only_fields":["name","comment","company","tags","report","project.name","user.name","status","last_update","system_tags"],' +
  '"size":6,"scroll_id":null,"order_by":["-last_update"],"system_tags":["__$not","archived"]}';

for (const dialect of dialects()) {
  describe(`the ClearML web app's shell and dashboard (${dialect})`, () => {
    let server: TestServer;
    let cookie: string;
    let userId: string;
    before(async () => {
      ({ server } = await startWithAdmin(dialect));
      cookie = await webAppSignIn(server);
      userId = (await webAppCall(server, 'users.get_current_user', '{"get_supported_features":true}', webAppHeaders(cookie))).data.user.id;
    });
    after(() => server.close());

    test('the browser may send the calls: the preflight allows the page, its headers and its cookie', async () => {
      for (const name of ['projects.get_user_names', 'projects.get_all_ex', 'tasks.get_all_ex', 'reports.get_all_ex']) {
        const preflight = await httpRequest(`${server.apiUrl}/v999.0/${name}`, 'OPTIONS', {
          origin: WEB_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-clearml-client',
        });
        assert.equal(preflight.status, 200, name);
        assert.equal(preflight.headers.get('access-control-allow-origin'), WEB_ORIGIN);
        assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
        assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /x-clearml-client/);
      }
    });

    test('the app shell: projects.get_user_names for tasks and for models answers no users', async () => {
      for (const [name, body] of SHELL_CALLS) {
        const answer = await webAppCall(server, name, body, webAppHeaders(cookie));
        assertAnswered(answer, name);
        assert.deepEqual(answer.data, { users: [] }, body);
      }
      // a project's own page asks for that project's users
      const onProjectPage = await webAppCall(server, 'projects.get_user_names', '{"projects":["4b5e0d7a9c2f4e1b8a3d6c9f0e2b7a14"],"entity":"task","include_subprojects":false}', webAppHeaders(cookie));
      assertAnswered(onProjectPage, 'projects.get_user_names');
      assert.deepEqual(onProjectPage.data, { users: [] });
    });

    test('the dashboard: recent projects, tasks and reports are empty lists, reports with a new scroll', async () => {
      const projects = await webAppCall(server, 'projects.get_all_ex', DASHBOARD_PROJECTS, webAppHeaders(cookie));
      assertAnswered(projects, 'projects.get_all_ex');
      assert.deepEqual(projects.data, { projects: [] });

      const tasks = await webAppCall(server, 'tasks.get_all_ex', DASHBOARD_TASKS, webAppHeaders(cookie));
      assertAnswered(tasks, 'tasks.get_all_ex');
      assert.deepEqual(tasks.data, { tasks: [] });

      const reports = await webAppCall(server, 'reports.get_all_ex', DASHBOARD_REPORTS, webAppHeaders(cookie));
      assertAnswered(reports, 'reports.get_all_ex');
      assert.deepEqual(Object.keys(reports.data).sort(), ['scroll_id', 'tasks']);
      assert.deepEqual(reports.data.tasks, []);
      assert.match(reports.data.scroll_id, SCROLL_ID);
      const again = await webAppCall(server, 'reports.get_all_ex', DASHBOARD_REPORTS, webAppHeaders(cookie));
      assert.notEqual(again.data.scroll_id, reports.data.scroll_id, 'scroll_id null starts a new scroll each time');
    });

    test('the dashboard with "my work only", "hide examples" and "show hidden" on', async () => {
      const projects = await webAppCall(
        server,
        'projects.get_all_ex',
        `{"stats_for_state":"active","include_stats":true,"check_own_contents":true,"order_by":["featured","-last_update"],"page":0,"page_size":6,"active_users":["${userId}"],"search_hidden":true,"allow_public":false,"only_fields":["name","basename","company","user","created","default_output_destination"]}`,
        webAppHeaders(cookie),
      );
      assertAnswered(projects, 'projects.get_all_ex');
      assert.deepEqual(projects.data, { projects: [] });
      const tasks = await webAppCall(
        server,
        'tasks.get_all_ex',
        DASHBOARD_TASKS.replace('"user":null', `"user":["${userId}"],"allow_public":false`).replace('"include_hidden_projects":false', '"include_hidden_projects":true'),
        webAppHeaders(cookie),
      );
      assertAnswered(tasks, 'tasks.get_all_ex');
      assert.deepEqual(tasks.data, { tasks: [] });
      const reports = await webAppCall(server, 'reports.get_all_ex', DASHBOARD_REPORTS.replace('"scroll_id":null', `"scroll_id":null,"allow_public":false,"user":["${userId}"]`), webAppHeaders(cookie));
      assertAnswered(reports, 'reports.get_all_ex');
      assert.deepEqual(reports.data.tasks, []);
      assert.match(reports.data.scroll_id, SCROLL_ID);
    });

    test('project pickers, the projects page and the reports page: a scroll starts, continues, and ends at once', async () => {
      const picker = await webAppCall(
        server,
        'projects.get_all_ex',
        '{"page_size":1000,"size":1000,"order_by":["name"],"only_fields":["name","company"],"search_hidden":false,"_any_":{"pattern":"","fields":["name","id"]},"scroll_id":null}',
        webAppHeaders(cookie),
      );
      assertAnswered(picker, 'projects.get_all_ex');
      assert.deepEqual(picker.data.projects, []);
      assert.match(picker.data.scroll_id, SCROLL_ID);
      const more = await webAppCall(
        server,
        'projects.get_all_ex',
        `{"page_size":1000,"size":1000,"order_by":["name"],"only_fields":["name","company"],"search_hidden":false,"_any_":{"pattern":"","fields":["name","id"]},"scroll_id":"${picker.data.scroll_id}"}`,
        webAppHeaders(cookie),
      );
      assert.deepEqual(more.data, { projects: [], scroll_id: picker.data.scroll_id }, 'continuing a scroll keeps its id');

      const projectsPage = await webAppCall(
        server,
        'projects.get_all_ex',
        '{"stats_for_state":"active","include_stats":true,"shallow_search":true,"permission_roots_only":true,"scroll_id":null,"size":12,"order_by":["featured","-last_update"],"only_fields":["name","company","user","created","default_output_destination","basename","system_tags"]}',
        webAppHeaders(cookie),
      );
      assertAnswered(projectsPage, 'projects.get_all_ex');
      assert.deepEqual(projectsPage.data.projects, []);
      assert.match(projectsPage.data.scroll_id, SCROLL_ID);

      const reportsPage = await webAppCall(
        server,
        'reports.get_all_ex',
        '{"only_fields":["name","comment","company","tags","report","project.name","user.name","status","last_update","system_tags"],"size":20,"project":null,"scroll_id":null,"system_tags":["__$not","archived"],"order_by":["-last_update"]}',
        webAppHeaders(cookie),
      );
      assertAnswered(reportsPage, 'reports.get_all_ex');
      assert.deepEqual(reportsPage.data, { tasks: [] }, 'no reports project, so no scroll, as the reference answers');

      const tasksTable = await webAppCall(
        server,
        'tasks.get_all_ex',
        '{"scroll_id":null,"refresh_scroll":false,"size":15,"order_by":["-last_update"],"type":["__$not","annotation_manual"],"user":[],"system_tags":["__$not","archived"],"filters":{"tags":{"any":{"include":[null],"exclude":["draft"]}}},"include_subprojects":false,"search_hidden":false,"only_fields":["name","status"]}',
        webAppHeaders(cookie),
      );
      assertAnswered(tasksTable, 'tasks.get_all_ex');
      assert.deepEqual(tasksTable.data.tasks, []);
      assert.match(tasksTable.data.scroll_id, SCROLL_ID);
    });

    test('a key pair of the workspace sees the same nothing', async () => {
      const token = await server.login(ADMIN.email, ADMIN.password);
      const key = await server.createKey(token, 'sdk');
      const keyToken = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).body.data.token as string;
      const bearer = { ...webAppHeaders(), authorization: `Bearer ${keyToken}` };
      assert.deepEqual((await webAppCall(server, 'projects.get_user_names', SHELL_CALLS[0]![1], bearer)).data, { users: [] });
      assert.deepEqual((await webAppCall(server, 'projects.get_all_ex', DASHBOARD_PROJECTS, bearer)).data, { projects: [] });
      assert.deepEqual((await webAppCall(server, 'tasks.get_all_ex', DASHBOARD_TASKS, bearer)).data, { tasks: [] });
      assert.deepEqual((await webAppCall(server, 'reports.get_all_ex', DASHBOARD_REPORTS, bearer)).data.tasks, []);
    });

    test('without a session, or with one that signed out, every call is refused with 401', async () => {
      const calls: Array<[string, string]> = [...SHELL_CALLS, ['projects.get_all_ex', DASHBOARD_PROJECTS], ['tasks.get_all_ex', DASHBOARD_TASKS], ['reports.get_all_ex', DASHBOARD_REPORTS]];
      for (const [name, body] of calls) assertRefused(await webAppCall(server, name, body, webAppHeaders()), name, 401, 20);

      const ended = await webAppSignIn(server);
      const logout = await webAppCall(server, 'login.logout', `{"redirect_url":"${WEB_ORIGIN}/login"}`, webAppHeaders(ended));
      assert.equal(logout.status, 200);
      for (const [name, body] of calls) assertRefused(await webAppCall(server, name, body, webAppHeaders(ended)), name, 401, 30);
    });

    test('bad input gets a 400 in the envelope that names the field', async () => {
      const cases: Array<[string, string, string]> = [
        ['projects.get_user_names', '{"include_subprojects":true,"entity":"task","surprise":1}', ''],
        ['projects.get_user_names', '{"include_subprojects":"yes","entity":"task"}', 'include_subprojects'],
        ['projects.get_user_names', '{"entity":"dataset"}', 'entity'],
        ['projects.get_user_names', '{"projects":"4b5e0d7a9c2f4e1b8a3d6c9f0e2b7a14"}', 'projects'],
        ['projects.get_all_ex', DASHBOARD_PROJECTS.replace('"page":0', '"page":"0"'), 'page'],
        ['projects.get_all_ex', DASHBOARD_PROJECTS.replace('"page_size":6', '"page_size":0'), 'page_size'],
        ['projects.get_all_ex', DASHBOARD_PROJECTS.replace('"stats_for_state":"active"', '"stats_for_state":"deleted"'), 'stats_for_state'],
        ['projects.get_all_ex', DASHBOARD_PROJECTS.replace('["-pipeline"]', '"-pipeline"'), 'include_stats_filter.system_tags'],
        ['projects.get_all_ex', DASHBOARD_PROJECTS.replace('"include_stats":true', '"include_stats":true,"include_everything":true'), ''],
        ['projects.get_all_ex', '{"_any_":{"pattern":"x","fields":["name"],"flags":"i"}}', '_any_'],
        ['projects.get_all_ex', '{"scroll_id":null}', 'size'],
        ['tasks.get_all_ex', DASHBOARD_TASKS.replace('"user":null', '"user":"me"'), 'user'],
        ['tasks.get_all_ex', DASHBOARD_TASKS.replace('"page_size":5', '"page_size":2.5'), 'page_size'],
        ['tasks.get_all_ex', DASHBOARD_TASKS.replace('"include_hidden_projects":false', '"include_hidden_projects":0'), 'include_hidden_projects'],
        ['tasks.get_all_ex', DASHBOARD_TASKS.replace('"page":0', '"page":0,"hyperparams.Args.lr":[0.1]'), ''],
        ['tasks.get_all_ex', '{"filters":{"tags":{"any":{"include":["a"]},"none":{}}}}', 'filters.tags'],
        ['reports.get_all_ex', DASHBOARD_REPORTS.replace('"size":6', '"size":"6"'), 'size'],
        ['reports.get_all_ex', DASHBOARD_REPORTS.replace('"scroll_id":null', '"scroll_id":42'), 'scroll_id'],
        ['reports.get_all_ex', DASHBOARD_REPORTS.replace('"size":6,', ''), 'size'],
        ['reports.get_all_ex', DASHBOARD_REPORTS.replace('"order_by":["-last_update"]', '"order_by":"-last_update"'), 'order_by'],
      ];
      for (const [name, body, field] of cases) {
        const answer = await webAppCall(server, name, body, webAppHeaders(cookie));
        assertRefused(answer, name, 400, 12, field || undefined);
        if (!field) assert.match(answer.meta.result_msg, /unknown field/, body);
      }
    });

    test('server.info names a build, so the footer reads "Server: <version>-<build>"', async () => {
      const first = await webAppCall(server, 'server.info', '{}', webAppHeaders(cookie));
      assertAnswered(first, 'server.info');
      const { version, build } = first.data;
      assert.match(version, /^\d+\.\d+\.\d+$/);
      assert.equal(typeof build, 'string');
      assert.match(build, /^[\w.+-]{1,64}$/, 'a build that is not empty');
      assert.equal((await webAppCall(server, 'server.info', '{}', webAppHeaders(cookie))).data.build, build, 'the same for the running server');
      assert.equal((await webAppCall(server, 'server.info', '{}', webAppHeaders())).data.build, build, 'signed in or not');
      const token = await server.login(ADMIN.email, ADMIN.password);
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { server_build: string };
      assert.equal(claims.server_build, build, 'tokens name the same build');
    });
  });
}

test('the build: FOYER_BUILD when set, else the checkout\'s commit shortened, else "release"; never empty', async () => {
  const { serverBuild } = await import('../src/shared/version.ts');
  assert.equal(typeof serverBuild, 'function');
  const commit = '3f2a9c1d7e4b5a6c8d9e0f1a2b3c4d5e6f7a8b9c';
  assert.equal(serverBuild(undefined, commit), '3f2a9c1d7e4b');
  assert.equal(serverBuild(undefined, undefined), 'release');
  assert.equal(serverBuild('', commit), '3f2a9c1d7e4b', 'an empty FOYER_BUILD is not set');
  assert.equal(serverBuild('   ', undefined), 'release');
  assert.equal(serverBuild(' 2026.12.1+ci.417 ', commit), '2026.12.1+ci.417');
  assert.throws(() => serverBuild('build 417', commit), /FOYER_BUILD must be/);
  assert.throws(() => serverBuild('x'.repeat(65), commit), /FOYER_BUILD must be/);
});
