/**
 * Graph's URL space below /v1.0: routes by method and path template (`users/{user}/contacts/{id}`),
 * each with the operation name it is counted and faulted under, the application permissions that
 * allow it (any one of them) and whether it reads a mailbox (so RBAC for Applications and the
 * Outlook throttling limits apply). Paths are matched without regard to case; key segments
 * (`mailFolders('inbox')`) and qualified function names (`microsoft.graph.delta()`) are read
 * as plain segments.
 */
import type { AccessTokenClaims } from './identity/tokens';
import type { AppRegistration } from './identity/apps';
import type { Mailbox } from '../exchange/store';
import type { GraphResponse } from './errors';
import type { View } from './resources/common';

/** One request to Graph: a top-level one, or one inside a $batch. */
export interface GraphCall {
	method: string;
	/** Path below /v1.0, with its query (`/users/x/contacts?$top=5`). */
	url: string;
	/** Header names in lower case. */
	headers: Record<string, string>;
	body: unknown;
	claims: AccessTokenClaims;
	app: AppRegistration;
	origin: string;
	requestId: string;
	inBatch: boolean;
}

export interface RouteContext {
	call: GraphCall;
	params: Record<string, string>;
	query: URLSearchParams;
	/** The mailbox of `users/{user}`, when the route has one. */
	mailbox: Mailbox;
	view: View;
	/** The request body as an object ({} when there is none). */
	body: Record<string, unknown>;
	/** An absolute URL below /v1.0 (for nextLink, deltaLink, @odata.context). */
	link(pathAndQuery: string): string;
}

export interface Route {
	method: string;
	template: string[];
	/** Counted and faulted under this name (`contacts.list`). */
	operation: string;
	/** Any one of these application permissions allows the call. */
	permissions: string[];
	/** The CSDL type a request body must match (create and update), checked before the handler runs. */
	bodyType?: string;
	handler(context: RouteContext): GraphResponse | Promise<GraphResponse>;
}

/** Path segments as routes see them: decoded, key syntax and qualified function names unfolded. */
export function pathSegments(path: string): string[] {
	const segments: string[] = [];
	for (const raw of path.split('/').filter(Boolean)) {
		const segment = decodeURIComponent(raw);
		const key = /^([A-Za-z.]+)\('(.*)'\)$/.exec(segment);
		if (key) segments.push(key[1], key[2]);
		else segments.push(segment.replace(/^microsoft\.graph\./i, '').replace(/\(\)$/, ''));
	}
	return segments;
}

export class Router {
	private readonly routes: Route[] = [];

	add(method: string, template: string, operation: string, permissions: string[], handler: Route['handler'], bodyType?: string): void {
		this.routes.push({ method, template: template.split('/'), operation, permissions, handler, bodyType });
	}

	/** The route for a method and path, with its parameters; `methodMismatch` when only the method is wrong. */
	match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | { methodMismatch: true } | undefined {
		let pathMatched = false;
		for (const route of this.routes) {
			if (route.template.length !== segments.length) continue;
			const params: Record<string, string> = {};
			const matches = route.template.every((part, index) => {
				if (part.startsWith('{')) {
					params[part.slice(1, -1)] = segments[index];
					return true;
				}
				return part.toLowerCase() === segments[index].toLowerCase();
			});
			if (!matches) continue;
			pathMatched = true;
			if (route.method === method) return { route, params };
		}
		return pathMatched ? { methodMismatch: true } : undefined;
	}

	operations(): string[] {
		return [...new Set(this.routes.map((route) => route.operation))].sort();
	}
}
