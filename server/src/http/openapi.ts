// The API reference: an OpenAPI 3.1 document made from the endpoints as they are served (names, who may call them,
// and the contract's parameter schemas), and a page that reads it for people. Both are built once, at start.
import { z } from 'zod';
import type { Config } from '../config.ts';
import { API_VERSION, SERVER_VERSION } from '../shared/version.ts';
import type { Endpoint } from './endpoint.ts';

type JsonSchema = Record<string, unknown>;

const ENVELOPE_META: JsonSchema = {
  type: 'object',
  required: ['id', 'trx', 'endpoint', 'result_code', 'result_subcode', 'result_msg', 'error_stack', 'error_data'],
  properties: {
    id: { type: 'string' },
    trx: { type: 'string' },
    endpoint: {
      type: 'object',
      properties: { name: { type: 'string' }, requested_version: { type: 'string' }, actual_version: { type: 'string' } },
    },
    result_code: { type: 'integer', description: 'the HTTP status' },
    result_subcode: { type: 'integer', description: 'why, for a client to act on (0 when there is nothing more to say)' },
    result_msg: { type: 'string', description: 'what happened, for a person' },
    error_stack: { type: 'null' },
    error_data: { type: 'object', description: 'details of a refusal, such as the field to fix', additionalProperties: true },
  },
};

const SECURITY: Record<Endpoint['auth'], Array<Record<string, string[]>>> = {
  required: [{ bearer: [] }, { basic: [] }, { session: [] }],
  optional: [{}, { bearer: [] }, { basic: [] }, { session: [] }],
  none: [{}],
};

const WHO_MAY_CALL: Record<Endpoint['auth'], string> = {
  required: 'Signed in: a token (Bearer), a key pair or email and password (Basic), or the session cookie.',
  optional: 'Anyone; a caller who is signed in is answered as themselves.',
  none: 'Anyone: the endpoint never reads who is calling.',
};

function parametersSchema(endpoint: Endpoint): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(endpoint.params, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return schema;
}

const serviceOf = (name: string) => name.slice(0, name.indexOf('.'));

export function openApiDocument(endpoints: ReadonlyMap<string, Endpoint>, config: Pick<Config, 'publicApiUrl' | 'publicWebUrl'>): JsonSchema {
  const paths: Record<string, unknown> = {};
  for (const endpoint of [...endpoints.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const refusals = endpoint.auth === 'required' ? ['400', '401', '403'] : ['400', '403'];
    paths[`/${endpoint.name}`] = {
      post: {
        operationId: endpoint.name,
        summary: endpoint.summary,
        description: `${WHO_MAY_CALL[endpoint.auth]}${endpoint.changesState ? ' Carried by the session cookie, it runs only from the server\'s own pages.' : ''}`,
        tags: [serviceOf(endpoint.name)],
        security: SECURITY[endpoint.auth],
        requestBody: { required: false, content: { 'application/json': { schema: parametersSchema(endpoint) } } },
        responses: {
          '200': { description: 'Done: the answer is in `data`.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Envelope' } } } },
          ...Object.fromEntries(
            refusals.map((code) => [code, { description: REFUSAL_DESCRIPTIONS[code], content: { 'application/json': { schema: { $ref: '#/components/schemas/Envelope' } } } }]),
          ),
        },
      },
    };
  }
  const services = [...new Set([...endpoints.keys()].map(serviceOf))].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Foyer API',
      version: SERVER_VERSION,
      description:
        `ClearML-compatible API, version ${API_VERSION}. Every endpoint is \`POST /<service>.<action>\` with a JSON body (GET and PUT with a body work too, ` +
        'as the ClearML clients send them), and every answer is the envelope `{meta, data}` whose `meta.result_code` is the HTTP status. ' +
        'A parameter the schema does not name is refused.',
    },
    servers: [
      { url: config.publicApiUrl, description: 'the API port, as the ClearML SDK and agent call it' },
      { url: `${config.publicWebUrl}/api`, description: 'the same API on the web port, as the web app calls it' },
    ],
    tags: services.map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token from auth.login' },
        basic: { type: 'http', scheme: 'basic', description: 'an access key and secret key, or (auth.login) an email address and password' },
        session: { type: 'apiKey', in: 'cookie', name: 'clearml_token_basic', description: "the web app's session cookie" },
      },
      schemas: {
        Envelope: { type: 'object', required: ['meta', 'data'], properties: { meta: ENVELOPE_META, data: { description: 'the answer; null on a refusal' } } },
      },
    },
  };
}

const REFUSAL_DESCRIPTIONS: Record<string, string> = {
  '400': 'Bad input, or a rule of the server refuses it: `meta.result_msg` says which, `meta.error_data.field` names the field. Nothing changed.',
  '401': 'Not signed in, or the token, key pair or password is not valid.',
  '403': 'The caller may not do this, or a call carried by the cookie came from another site. Nothing changed.',
};

// ---------------------------------------------------------------------------------------------------------
// The page

/** Text with `code` spans, as the document's descriptions write them, escaped for the page. */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/** A field's type and bounds in a few words: "string, 1–64 characters", "integer ≥ 0", "one of admin, member". */
function describeField(schema: JsonSchema): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(describeField).join(' or ');
  if (Array.isArray(schema.enum)) return `one of ${(schema.enum as unknown[]).map(String).join(', ')}`;
  const type = schema.type;
  if (type === 'string') {
    const { minLength: min, maxLength: max } = schema as { minLength?: number; maxLength?: number };
    const bounds = min !== undefined && max !== undefined ? `${min}–${max}` : max !== undefined ? `at most ${max}` : min !== undefined ? `at least ${min}` : '';
    return bounds ? `string, ${bounds} characters` : 'string';
  }
  if (type === 'integer' || type === 'number') {
    const { minimum: min, maximum: max } = schema as { minimum?: number; maximum?: number };
    if (min !== undefined && max !== undefined) return `${type} ${min}–${max}`;
    if (min !== undefined) return `${type} ≥ ${min}`;
    return max !== undefined ? `${type} ≤ ${max}` : String(type);
  }
  if (type === 'array') {
    const items = schema.items as JsonSchema | undefined;
    const max = (schema as { maxItems?: number }).maxItems;
    return `list of ${items ? describeField(items) : 'values'}${max !== undefined ? `, at most ${max}` : ''}`;
  }
  if (type === 'object') return schema.properties ? 'object' : 'object of any fields';
  if (type === 'null') return 'null';
  return typeof type === 'string' ? type : 'any value';
}

function parameterRows(schema: JsonSchema): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const names = Object.keys(properties);
  if (names.length === 0) return schema.additionalProperties === false ? '<p class="none">No parameters.</p>' : '<p class="none">Any fields.</p>';
  const rows = names
    .map((name) => {
      const field = properties[name]!;
      const description = typeof field.description === 'string' ? field.description : '';
      return `<tr><td><code>${escapeHtml(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${escapeHtml(describeField(field))}</td><td>${escapeHtml(description)}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th scope="col">Parameter</th><th scope="col">Type</th><th scope="col">Meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function apiReferencePage(document: JsonSchema): string {
  const info = document.info as { title: string; version: string; description: string };
  const paths = document.paths as Record<string, { post: { operationId: string; summary: string; description: string; tags: string[]; requestBody: { content: { 'application/json': { schema: JsonSchema } } } } }>;
  const operations = Object.values(paths).map((path) => path.post);
  const services = [...new Set(operations.map((operation) => operation.tags[0]!))];
  const sections = services
    .map((service) => {
      const entries = operations
        .filter((operation) => operation.tags[0] === service)
        .map(
          (operation) =>
            `<section id="${escapeHtml(operation.operationId)}"><h3><code>${escapeHtml(operation.operationId)}</code></h3><p>${prose(operation.summary)}</p><p class="who">${prose(operation.description)}</p>${parameterRows(operation.requestBody.content['application/json'].schema)}</section>`,
        )
        .join('');
      return `<h2 id="service-${escapeHtml(service)}">${escapeHtml(service)}</h2>${entries}`;
    })
    .join('');
  const contents = services
    .map((service) => `<li><a href="#service-${escapeHtml(service)}">${escapeHtml(service)}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.25rem 4rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2.5rem 0 .5rem;border-bottom:1px solid #d0d7de}h3{font-size:1.05rem;margin:1.5rem 0 .25rem}
code{font:13px ui-monospace,monospace;background:#f6f8fa;padding:.1rem .3rem;border-radius:4px}
.who,.none{color:#59636e;margin:.25rem 0}.req{font-size:12px;color:#9a3412}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid #eaeef2}
a{color:#0b57d0}
</style></head>
<body><main>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${prose(info.description)}</p>
<p>The same reference as an OpenAPI 3.1 document: <a href="openapi.json">openapi.json</a>.</p>
<nav aria-label="Services"><ul>${contents}</ul></nav>
${sections}
</main></body></html>`;
}
