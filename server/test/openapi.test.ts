// The API reference: /openapi.json is a valid OpenAPI 3.1 document that lists every endpoint the server answers,
// with the contract's parameters, and /docs reads it for people; the parameters it documents are the ones the
// server checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { endpointContracts } from '@foyer/contract';
import { allEndpoints } from '../src/endpoints.ts';
import { httpRequest, startWithAdmin, type TestServer } from './support/server.ts';

type Operation = { operationId: string; summary: string; security: unknown[]; requestBody: { content: { 'application/json': { schema: Record<string, any> } } } };

describe('the API reference', () => {
  let server: TestServer;
  let token: string;
  let document: { openapi: string; paths: Record<string, { post: Operation }> };

  before(async () => {
    ({ server, adminToken: token } = await startWithAdmin('sqlite'));
    const answer = await httpRequest(`${server.apiUrl}/openapi.json`, 'GET', {});
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    document = JSON.parse(answer.text);
  });
  after(() => server.close());

  test('validates as OpenAPI 3.1', async () => {
    assert.equal(document.openapi, '3.1.0');
    const result = await new Validator().validate(structuredClone(document));
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  test('the validator refuses a broken document (so the check above can fail)', async () => {
    const broken = structuredClone(document) as Record<string, any>;
    broken.paths['/auth.login'].post.responses = 'none';
    assert.equal((await new Validator().validate(broken)).valid, false);
  });

  test('lists every endpoint the server answers, and only those, each with a summary', () => {
    const served = [...allEndpoints().keys()].sort();
    const documented = Object.keys(document.paths).map((path) => path.slice(1)).sort();
    assert.deepEqual(documented, served);
    assert.deepEqual([...Object.keys(endpointContracts)].sort(), served, 'every contract entry is served, and every endpoint is in the contract');
    for (const path of Object.values(document.paths)) assert.ok(path.post.summary.length > 10, path.post.operationId);
  });

  test("each endpoint's parameters are the ones the server checks", async () => {
    const members = document.paths['/workspaces.get_members']!.post.requestBody.content['application/json'].schema;
    assert.deepEqual(Object.keys(members.properties).sort(), ['page', 'page_size', 'search', 'workspace']);
    assert.deepEqual(members.required, ['workspace']);
    assert.equal(members.additionalProperties, false);
    assert.equal(members.properties.page_size.maximum, 500);
    // what the document says is refused, the server refuses
    const tooMany = await server.call('workspaces.get_members', { workspace: 'x', page_size: 501 }, { token });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.meta.error_data.field, 'page_size');
    const unknown = await server.call('workspaces.get_members', { workspace: 'x', colour: 'red' }, { token });
    assert.equal(unknown.status, 400);
    const invite = document.paths['/invites.create']!.post.requestBody.content['application/json'].schema;
    assert.equal(invite.properties.expires_in_days.maximum, 30);
    assert.deepEqual(invite.properties.role.enum, ['admin', 'member']);
  });

  test('says who may call each endpoint', () => {
    assert.deepEqual(document.paths['/invites.get_info']!.post.security, [{}]);
    assert.ok(document.paths['/auth.create_credentials']!.post.security.every((entry) => Object.keys(entry as object).length === 1));
  });

  test('the same document on the web port under /api, and a readable page', async () => {
    const viaWeb = await httpRequest(`${server.webUrl}/api/openapi.json`, 'GET', {});
    assert.equal(viaWeb.status, 200);
    assert.deepEqual(JSON.parse(viaWeb.text), document);
    const page = await httpRequest(`${server.webUrl}/api/docs`, 'GET', {});
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    for (const name of Object.keys(endpointContracts)) assert.ok(page.text.includes(`id="${name}"`), name);
    assert.match(page.text, /<code>page_size<\/code><\/td><td>integer 1–500<\/td>/);
  });
});
