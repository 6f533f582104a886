/**
 * Lists the routes that declare neither `@Auth(...)` nor `@Public()`, once at start-up, as a
 * warning: the AccessGuard lets them through until UNDECLARED_ROUTES_MODE is 'deny' (the routes
 * excluded from the OpenAPI document, the pages, are listed too).
 */
import { Injectable, Logger, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { declarationOf } from './access.guard';

let reported = false;

const first = (path: unknown): string => (Array.isArray(path) ? String(path[0] ?? '') : String(path ?? ''));
const join = (...parts: string[]): string =>
  `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;

@Injectable()
export class RouteDeclarationsReport implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** `METHOD /path (Controller.handler)` of every route without a declaration. */
  undeclared(): string[] {
    const out: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type || !wrapper.instance) continue;
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (declarationOf(this.reflector, { getHandler: () => handler, getClass: () => type } as never)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'GET';
        out.push(
          `${method} ${join(first(Reflect.getMetadata(PATH_METADATA, type)), first(Reflect.getMetadata(PATH_METADATA, handler)))} (${type.name}.${name})`,
        );
      }
    }
    return out.sort();
  }

  onApplicationBootstrap(): void {
    if (reported) return;
    reported = true;
    const routes = this.undeclared();
    if (routes.length) this.logger.warn(`${routes.length} routes declare no access rule (allowed for now):\n  ${routes.join('\n  ')}`);
  }
}
