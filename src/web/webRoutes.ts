import type * as restify from 'restify';
import type { Config } from '../config';

export function registerWebRoutes(_server: restify.Server, _options: { config: Config }): void {
    // filled in below
}
