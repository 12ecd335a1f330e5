/** Every Graph route the local server answers, by resource. */
import type { GraphFront } from './front';
import { registerContactRoutes } from './routes/contacts';
import { registerUserRoutes } from './routes/users';
import { registerEventRoutes } from './routes/events';
import { registerMessageRoutes } from './routes/messages';
import { registerTodoRoutes } from './routes/todo';
import { registerIdRoutes } from './routes/ids';

export function registerRoutes(front: GraphFront): void {
	registerUserRoutes(front);
	registerContactRoutes(front);
	registerEventRoutes(front);
	registerMessageRoutes(front);
	registerTodoRoutes(front);
	registerIdRoutes(front);
	front.router.add('POST', 'subscriptions', 'subscriptions.create', [], (context) => front.subscriptions.create(context));
	front.router.add('GET', 'subscriptions', 'subscriptions.list', [], (context) => front.subscriptions.listFor(context));
	front.router.add('GET', 'subscriptions/{id}', 'subscriptions.get', [], (context) => front.subscriptions.get(context));
	front.router.add('PATCH', 'subscriptions/{id}', 'subscriptions.update', [], (context) => front.subscriptions.renew(context));
	front.router.add('POST', 'subscriptions/{id}/reauthorize', 'subscriptions.reauthorize', [], (context) => front.subscriptions.reauthorize(context));
	front.router.add('DELETE', 'subscriptions/{id}', 'subscriptions.delete', [], (context) => front.subscriptions.delete(context));
}
