// Verified addresses and change of address (users.*), and invitations sent by mail (invites.send).
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { emailField, idField, linkTokenField, passwordField } from '../fields.ts';

export const emailAddressEndpoints = {
  'users.change_email': endpoint(
    "Changes the caller's address, with the password confirmed. A server that sends mail mails a link to the new address (and a notice to the old one): the address changes when it is followed. Without mail it changes at once, unverified.",
    z.strictObject({ email: emailField, password: passwordField }),
  ),
  'users.send_verification_email': endpoint("Mails a new link that verifies the caller's address (at most one a minute); older links stop working.", z.strictObject({})),
  'users.verify_email': endpoint(
    'Follows a verification link, signed in or not: verifies the address (or takes the new one), and joins the bound invitation that was waiting for it.',
    z.strictObject({ token: linkTokenField }),
  ),
  'invites.send': endpoint(
    'Mails an invitation link to an address (a link bound to one address: to that address), again at most once a minute per link.',
    z.strictObject({ id: idField, email: emailField.optional() }),
  ),
};
