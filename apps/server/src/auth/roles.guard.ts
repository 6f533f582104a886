/** Where the controllers have always imported `@Auth` from; the decorators live in auth.decorators.ts. */
export { Auth, CurrentPrincipal, Public } from './auth.decorators';
