/**
 * ASP.NET-style route templates as the local Functions host matches them.
 */
import { describe, expect, it } from 'vitest';
import {
  comparePrecedence,
  compileRoute,
  matchRoute,
  pathSegments,
  routeTable,
} from '../../dev/functions-host/routes.js';

const match = (route: string, path: string, prefix = 'api') =>
  matchRoute(compileRoute(prefix, route), pathSegments(path));

describe('route templates', () => {
  it('when literals differ only in case or by a trailing slash, then they still match', () => {
    expect(match('Invite/Accept', '/API/invite/ACCEPT/')).toEqual({});
    expect(match('invite', '/api/invite/extra')).toBeUndefined();
  });

  it('when the route prefix is empty, then routes start at the root', () => {
    expect(match('hello', '/hello', '')).toEqual({});
    expect(match('hello', '/api/hello', '')).toBeUndefined();
  });

  it('when parameters are optional or have defaults, then missing ones are left out or defaulted', () => {
    expect(match('hello/{name?}', '/api/hello')).toEqual({});
    expect(match('hello/{name?}', '/api/hello/Ada')).toEqual({ name: 'Ada' });
    expect(match('page/{n:int=1}', '/api/page')).toEqual({ n: '1' });
  });

  it('when a value is percent-encoded, then the parameter is decoded', () => {
    expect(match('users/{email}', '/api/users/ada%40example.test')).toEqual({ email: 'ada@example.test' });
  });

  it('when a catch-all is used, then it takes the rest of the path or nothing', () => {
    expect(match('files/{*path}', '/api/files/a/b/c.txt')).toEqual({ path: 'a/b/c.txt' });
    expect(match('files/{*path}', '/api/files')).toEqual({});
    expect(() => compileRoute('api', '{*rest}/tail')).toThrow(/catch-all/);
  });

  it('when a segment is complex, then each parameter gets its part', () => {
    expect(match('files/{name}.{ext}', '/api/files/report.final.pdf')).toEqual({ name: 'report.final', ext: 'pdf' });
  });

  it('when constraints are given, then values must satisfy every one', () => {
    expect(match('n/{id:int}', '/api/n/-12')).toEqual({ id: '-12' });
    expect(match('n/{id:int}', '/api/n/2147483648')).toBeUndefined();
    expect(match('n/{id:long}', '/api/n/2147483648')).toEqual({ id: '2147483648' });
    expect(match('n/{id:int:min(10)}', '/api/n/9')).toBeUndefined();
    expect(match('n/{id:range(1,5)}', '/api/n/5')).toEqual({ id: '5' });
    expect(match('b/{flag:bool}', '/api/b/TRUE')).toEqual({ flag: 'TRUE' });
    expect(match('b/{flag:bool}', '/api/b/yes')).toBeUndefined();
    expect(match('w/{word:alpha}', '/api/w/Hello')).toEqual({ word: 'Hello' });
    expect(match('w/{word:alpha}', '/api/w/h3llo')).toBeUndefined();
    expect(match('c/{code:length(6)}', '/api/c/123456')).toEqual({ code: '123456' });
    expect(match('c/{code:length(2,3)}', '/api/c/1234')).toBeUndefined();
    expect(match('c/{code:minlength(2):maxlength(3)}', '/api/c/12')).toEqual({ code: '12' });
    expect(match('d/{x:double}', '/api/d/1.5e3')).toEqual({ x: '1.5e3' });
    expect(match('t/{when:datetime}', '/api/t/2024-01-02')).toEqual({ when: '2024-01-02' });
  });

  it('when a guid constraint is used, then the D, N, B and P formats match and others do not', () => {
    for (const g of [
      '6f9619ff-8b86-d011-b42d-00cf4fc964ff',
      '6F9619FF8B86D011B42D00CF4FC964FF',
      '{6f9619ff-8b86-d011-b42d-00cf4fc964ff}',
      '(6f9619ff-8b86-d011-b42d-00cf4fc964ff)',
    ]) {
      expect(match('o/{id:guid}', `/api/o/${encodeURIComponent(g)}`)).toEqual({ id: g });
    }
    expect(match('o/{id:guid}', '/api/o/6f9619ff-8b86')).toBeUndefined();
  });

  it('when a regex constraint is used, then it is case-insensitive and doubled braces are literal braces', () => {
    expect(match('s/{slug:regex(^[a-z-]+$)}', '/api/s/Hello-World')).toEqual({ slug: 'Hello-World' });
    expect(match('s/{slug:regex(^\\d{{3}}$)}', '/api/s/123')).toEqual({ slug: '123' });
    expect(match('s/{slug:regex(^\\d{{3}}$)}', '/api/s/1234')).toBeUndefined();
  });

  it('when a constraint is unknown or a brace unclosed, then compiling fails', () => {
    expect(() => compileRoute('api', 'x/{id:number}')).toThrow(/unknown constraint "number"/);
    expect(() => compileRoute('api', 'x/{id')).toThrow(/unclosed/);
  });

  it('when routes overlap, then literals sort before constrained, plain and catch-all parameters', () => {
    const routes = ['things/{*rest}', 'things/{name}', 'things/{id:int}', 'things/new'].map((r) =>
      compileRoute('api', r),
    );
    expect(routes.sort(comparePrecedence).map((r) => r.template)).toEqual([
      'api/things/new',
      'api/things/{id:int}',
      'api/things/{name}',
      'api/things/{*rest}',
    ]);
  });

  it('when the routes a path may match are looked up, then they match as trying every route does, in order', () => {
    const templates = [
      'InviteUser',
      'InviteUser/new-link',
      'invitations/{id:guid}',
      'invitations/{id:guid}/resend',
      'invitations',
      '{name}/x',
      'things/{*rest}',
      'things/{name}',
      'things/new',
      'files/{name}.{ext}',
      'files/{*path}',
      '{*all}',
    ];
    const paths = ['/', '/api', '/API/inviteuser', '/api/InviteUser/NEW-LINK', '/api/invitations/x', '/api/x/x'];
    paths.push('/api/things/a/b', '/api/files/a.b', '/files/a.b', '/invitations', '/other/x');
    for (const prefix of ['api', '']) {
      const routes = templates
        .map((t) => ({ route: compileRoute(prefix, t), t }))
        .sort((a, b) => comparePrecedence(a.route, b.route));
      const routesOf = routeTable(routes);
      for (const path of paths) {
        const segments = pathSegments(path);
        const lowered = segments.map((s) => s.toLowerCase());
        const all = routes.filter((r) => matchRoute(r.route, segments)).map((r) => r.t);
        const looked = routesOf(lowered)
          .filter((r) => matchRoute(r.route, segments, lowered))
          .map((r) => r.t);
        expect(looked, `${prefix} ${path}`).toEqual(all);
      }
    }
    const routes = templates.map((t) => ({ route: compileRoute('api', t) }));
    expect(routeTable(routes)(['api', 'inviteuser']).length).toBeLessThan(routes.length);
  });
});
