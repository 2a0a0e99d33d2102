// Which origins may act with the session cookie: exact scheme, host and port.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedOrigin, mayActWithCookie, normalizeOrigin, trustedOrigins } from '../../src/http/origins.ts';

const trusted = trustedOrigins({ publicWebUrl: 'https://app.example.com', listenWebUrl: 'http://127.0.0.1:8080', corsOrigins: ['https://clearml.example.com:8443'] });
const own = () => 'http://127.0.0.1:8008';

describe('origins', () => {
  test('normalizes as browsers serialize Origin, and refuses what is not http(s)', () => {
    assert.equal(normalizeOrigin('https://App.Example.com:443'), 'https://app.example.com');
    assert.equal(normalizeOrigin('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
    assert.equal(normalizeOrigin('null'), undefined);
    assert.equal(normalizeOrigin('file:///etc/passwd'), undefined);
    assert.equal(normalizeOrigin('not a url'), undefined);
  });

  test('trusted: the public web URL, the web port, the configured list and the request\'s own origin, exactly', () => {
    for (const origin of ['https://app.example.com', 'http://127.0.0.1:8080', 'https://clearml.example.com:8443', 'http://127.0.0.1:8008']) {
      assert.equal(isTrustedOrigin(origin, trusted, own), true, origin);
    }
    for (const origin of [
      'http://app.example.com', // another scheme
      'https://app.example.com:8443', // another port
      'http://127.0.0.1:8081', // the files server's port on the same host
      'https://files.app.example.com', // a sibling subdomain
      'https://app.example.com.evil.example',
      'https://clearml.example.com', // the configured origin names port 8443
      'null',
    ]) {
      assert.equal(isTrustedOrigin(origin, trusted, own), false, origin);
    }
  });

  test('a cookie call acts only with a trusted Origin, or without one when the browser says same-origin', () => {
    assert.equal(mayActWithCookie({ origin: 'https://app.example.com' }, trusted, own), true);
    assert.equal(mayActWithCookie({ origin: 'http://127.0.0.1:8081', 'sec-fetch-site': 'same-site' }, trusted, own), false);
    assert.equal(mayActWithCookie({ 'sec-fetch-site': 'same-origin' }, trusted, own), true);
    assert.equal(mayActWithCookie({ 'sec-fetch-site': 'same-site' }, trusted, own), false);
    assert.equal(mayActWithCookie({ 'sec-fetch-site': 'none' }, trusted, own), false);
    assert.equal(mayActWithCookie({}, trusted, own), false, 'neither header: never');
    assert.equal(mayActWithCookie({ 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' }, trusted, own), false, 'a link opened as a page never acts');
  });
});
