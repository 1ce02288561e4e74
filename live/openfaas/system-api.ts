import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorized, type Credentials } from './credentials.ts';
import { sendText } from './forward.ts';

// What both halves ask of a /system/* request before handling it. Credentials, when basic
// auth is on: faas-provider's serve.go wraps every system handler (list, deploy, update,
// delete, status, scale, info, secrets, logs) in auth.DecorateWithBasicAuth, and the
// gateway does the same; /function/* and /healthz stay open in both. And a JSON body:
// the API only ever carries JSON, and refusing other types shuts out the one kind of
// cross-site request a browser sends without asking first (text/plain, form posts).
// A body with no Content-Type at all is taken from a client that sends no Origin: that is
// the real OpenFaaS gateway's own scale call (gateway/plugin/external.go SetReplicas at
// faas 4679f278: http.NewRequest, no header), made by its alert handler and its scale from
// zero, which faas-provider answers whatever the type. A browser's body without a type
// (fetch with a Blob or bytes) always carries an Origin, and keeps getting 415.

/** True when the request carries a body (whatever its method). faas-cli sets
 * application/json on every request with a body and none without (proxy/client.go). */
function carriesBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** The media type of a request, lower case, without parameters ('' when none). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Answers 401 (missing or wrong credentials, with OpenFaaS's body and WWW-Authenticate) or
 * 415 (a body that is not application/json, or has no type and an Origin) and returns true;
 * false when the request may go on.
 */
export function refuseSystemRequest(req: IncomingMessage, res: ServerResponse, credentials: Credentials | undefined): boolean {
  if (credentials && !authorized(req.headers.authorization, credentials)) {
    req.resume();
    sendText(res, 401, 'invalid credentials', { 'WWW-Authenticate': 'Basic realm="Restricted"' });
    return true;
  }
  const untypedFromNonBrowser = req.headers['content-type'] === undefined && req.headers.origin === undefined;
  if (carriesBody(req) && mediaType(req) !== 'application/json' && !untypedFromNonBrowser) {
    req.resume();
    const got = req.headers['content-type'] === undefined ? 'none' : JSON.stringify(req.headers['content-type']);
    sendText(res, 415, `unsupported Content-Type ${got}: the system API takes application/json`);
    return true;
  }
  return false;
}
